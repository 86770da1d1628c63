package io.k6bridge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OutputSpecTest {
  private static final Set<String> KNOWN = Set.of("json", "csv", "experimental-prometheus-rw");

  private static List<String> joined(String k6Out) {
    return OutputSpec.join(OutputSpec.parseList(k6Out), KNOWN).stream()
        .map(s -> s.name() + " -> " + s.argument())
        .collect(Collectors.toList());
  }

  @Test
  void keyValuePiecesThatAreNotOutputsContinueThePreviousArgument() {
    assertEquals(
        List.of("csv -> fileName=a.csv,saveInterval=2s", "json -> x.json"),
        joined("csv=fileName=a.csv,saveInterval=2s,json=x.json"));
  }

  @Test
  void plainListAndBareNames() {
    assertEquals(
        List.of("json -> results.json.gz", "csv -> results.csv", "experimental-prometheus-rw -> "),
        joined(" json=results.json.gz , csv=results.csv,experimental-prometheus-rw"));
  }

  @Test
  void emptyAndBlankPiecesAreIgnored() {
    assertEquals(List.of(), joined(""));
    assertEquals(List.of("json -> a.json"), joined(",,json=a.json, ,"));
  }

  @Test
  void unknownNamesThatCannotContinueAreKeptForTheCallerToReject() {
    assertEquals(List.of("nope -> x", "json -> a.json"), joined("nope=x,json=a.json"));
    assertEquals(List.of("json -> a.json", "bogus -> "), joined("json=a.json,bogus"));
  }

  @Test
  void theArgumentKeepsEverythingAfterTheFirstEquals() {
    assertEquals(List.of("csv -> fileName=a=b.csv"), joined("csv=fileName=a=b.csv"));
  }

  @Test
  void toStringIsTheK6Spelling() {
    assertEquals(
        "csv=fileName=a.csv,saveInterval=2s",
        new OutputSpec("csv", "fileName=a.csv,saveInterval=2s").toString());
    assertEquals("json", new OutputSpec("json", "").toString());
  }
}
