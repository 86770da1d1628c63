import io.k6bridge.jmeter.K6BackendListenerClient;
import org.apache.jmeter.config.Argument;
import org.apache.jmeter.config.Arguments;

/**
 * Prints the k6bridge Backend Listener element with every row the GUI lists (the client's default
 * parameters), as a listener added in the GUI and saved unchanged holds them, for run.sh's
 * k6-aggregating-gui configuration. Run as a source file with the plugin jar on the class path.
 */
public class GuiTableListener {
  public static void main(String[] args) {
    Arguments rows = new K6BackendListenerClient().getDefaultParameters();
    StringBuilder xml = new StringBuilder();
    xml.append("      <BackendListener guiclass=\"BackendListenerGui\" testclass=\"BackendListener\" testname=\"k6bridge\">\n");
    xml.append("        <elementProp name=\"arguments\" elementType=\"Arguments\" guiclass=\"ArgumentsPanel\" testclass=\"Arguments\">\n");
    xml.append("          <collectionProp name=\"Arguments.arguments\">\n");
    for (int i = 0; i < rows.getArgumentCount(); i++) {
      Argument a = rows.getArgument(i);
      String value = a.getName().equals("K6_TAGS") ? "testid=overhead" : a.getValue();
      xml.append("            <elementProp name=\"").append(a.getName()).append("\" elementType=\"Argument\">\n")
          .append("              <stringProp name=\"Argument.name\">").append(a.getName()).append("</stringProp>\n")
          .append("              <stringProp name=\"Argument.value\">").append(escape(value)).append("</stringProp>\n")
          .append("              <stringProp name=\"Argument.metadata\">=</stringProp>\n")
          .append("            </elementProp>\n");
    }
    xml.append("          </collectionProp>\n        </elementProp>\n");
    xml.append("        <stringProp name=\"classname\">").append(K6BackendListenerClient.class.getName()).append("</stringProp>\n");
    xml.append("        <stringProp name=\"QUEUE_SIZE\">5000</stringProp>\n      </BackendListener>\n      <hashTree/>\n");
    System.out.print(xml);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
