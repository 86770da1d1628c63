package io.k6bridge.itprometheus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JMeter plan written by the test: one thread group (-Jthreads, -Jduration seconds) looping over
 * {@code controllers} Transaction Controllers {@code tc-N}, each holding one request {@code req-N}
 * to the loopback target (-Jtarget.port) at {@code path}, and the k6bridge Backend Listener. Many
 * controllers make many dashboard submetrics; a path with {@code ${__UUID()}} makes a unique URL
 * per request.
 */
final class GeneratedPlan {
  private GeneratedPlan() {}

  static Path write(Path file, int controllers, String path) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">
          <hashTree>
            <TestPlan guiclass="TestPlanGui" testclass="TestPlan" testname="generated"/>
            <hashTree>
              <ConfigTestElement guiclass="HttpDefaultsGui" testclass="ConfigTestElement" testname="target">
                <elementProp name="HTTPsampler.Arguments" elementType="Arguments"><collectionProp name="Arguments.arguments"/></elementProp>
                <stringProp name="HTTPSampler.protocol">http</stringProp>
                <stringProp name="HTTPSampler.domain">127.0.0.1</stringProp>
                <stringProp name="HTTPSampler.port">${__P(target.port,18080)}</stringProp>
                <stringProp name="HTTPSampler.implementation">HttpClient4</stringProp>
              </ConfigTestElement>
              <hashTree/>
              <BackendListener guiclass="BackendListenerGui" testclass="BackendListener" testname="k6bridge">
                <elementProp name="arguments" elementType="Arguments"><collectionProp name="Arguments.arguments"/></elementProp>
                <stringProp name="classname">io.k6bridge.jmeter.K6BackendListenerClient</stringProp>
              </BackendListener>
              <hashTree/>
              <ThreadGroup guiclass="ThreadGroupGui" testclass="ThreadGroup" testname="shop">
                <stringProp name="ThreadGroup.on_sample_error">continue</stringProp>
                <elementProp name="ThreadGroup.main_controller" elementType="LoopController">
                  <stringProp name="LoopController.loops">-1</stringProp>
                  <boolProp name="LoopController.continue_forever">false</boolProp>
                </elementProp>
                <stringProp name="ThreadGroup.num_threads">${__P(threads,2)}</stringProp>
                <stringProp name="ThreadGroup.ramp_time">0</stringProp>
                <boolProp name="ThreadGroup.scheduler">true</boolProp>
                <stringProp name="ThreadGroup.duration">${__P(duration,10)}</stringProp>
                <stringProp name="ThreadGroup.delay"></stringProp>
                <boolProp name="ThreadGroup.same_user_on_next_iteration">true</boolProp>
              </ThreadGroup>
              <hashTree>
        """);
    for (int i = 0; i < controllers; i++) {
      b.append(
          """
                <TransactionController guiclass="TransactionControllerGui" testclass="TransactionController" testname="tc-%1$d">
                  <boolProp name="TransactionController.parent">false</boolProp>
                  <boolProp name="TransactionController.includeTimers">false</boolProp>
                </TransactionController>
                <hashTree>
                  <HTTPSamplerProxy guiclass="HttpTestSampleGui" testclass="HTTPSamplerProxy" testname="req-%1$d">
                    <elementProp name="HTTPsampler.Arguments" elementType="Arguments"><collectionProp name="Arguments.arguments"/></elementProp>
                    <stringProp name="HTTPSampler.path">%2$s</stringProp>
                    <stringProp name="HTTPSampler.method">GET</stringProp>
                    <boolProp name="HTTPSampler.use_keepalive">true</boolProp>
                  </HTTPSamplerProxy>
                  <hashTree/>
                </hashTree>
          """
              .formatted(i, path));
    }
    b.append(
        """
              </hashTree>
            </hashTree>
          </hashTree>
        </jmeterTestPlan>
        """);
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString());
    return file;
  }
}
