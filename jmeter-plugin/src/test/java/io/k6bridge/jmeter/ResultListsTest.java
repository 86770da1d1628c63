package io.k6bridge.jmeter;

import static io.k6bridge.jmeter.JMeterFixture.assertion;
import static io.k6bridge.jmeter.JMeterFixture.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lists read in place hold what JMeter's copying getters return, in the same order. */
class ResultListsTest {
  @BeforeAll
  static void jmeter() {
    JMeterFixture.init();
  }

  @Test
  void readsTheFieldsOfThisJMeter() {
    assertNotNull(ResultLists.field("assertionResults"), "JMeter 5.6's assertion list");
    assertNotNull(ResultLists.field("subResults"), "JMeter 5.6's sub-result list");
    assertNull(ResultLists.field("noSuchList"), "a missing field means: use the getter");
  }

  @Test
  void emptyWhereJMeterKeepsNoList() {
    SampleResult r = http("home", "GET", "http://h/", "200", 1_000L, 10, 1, 5);
    assertEquals(List.of(), ResultLists.assertions(r));
    assertEquals(List.of(), ResultLists.subResults(r));
  }

  @Test
  void sameElementsInTheSameOrderAsTheGetters() {
    SampleResult r = http("home", "GET", "http://h/", "200", 1_000L, 10, 1, 5);
    r.addAssertionResult(assertion("first", true));
    r.addAssertionResult(assertion("second", false));
    r.addRawSubResult(http("home-0", "GET", "http://h/", "302", 1_000L, 4, 1, 2));
    r.addRawSubResult(http("home-1", "GET", "http://h/next", "200", 1_004L, 6, 0, 3));
    assertEquals(Arrays.asList(r.getAssertionResults()), ResultLists.assertions(r));
    assertEquals(Arrays.asList(r.getSubResults()), ResultLists.subResults(r));
    assertEquals("second", ResultLists.assertions(r).get(1).getName());
  }
}
