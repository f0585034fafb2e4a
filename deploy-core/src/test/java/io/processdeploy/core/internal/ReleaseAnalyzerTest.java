package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.ValidationException;
import io.processdeploy.tck.release.SampleReleases;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseAnalyzerTest {

  @Test
  void shouldFindTheConnectorsEachProcessCallsAndTheUis() {
    ReleaseAnalysis a = ReleaseAnalyzer.analyze(SampleReleases.expenses());
    assertThat(a.projectName()).isEqualTo("expenses");
    assertThat(a.usedConnectors()).containsOnlyKeys("email-connector", "invoice-scanner");
    assertThat(a.processesUsing("email-connector"))
        .containsExactly("expense-approval", "expense-reminder");
    assertThat(a.processesUsing("invoice-scanner")).containsExactly("expense-approval");
    assertThat(a.definedConnectors()).containsExactly("email-connector", "invoice-scanner");
    assertThat(a.processWorkspace()).isTrue();
    assertThat(a.contentApp()).isTrue();
  }

  @Test
  void shouldSeeNoUiWhereTheReleaseHasNone() {
    ReleaseAnalysis a = ReleaseAnalyzer.analyze(SampleReleases.timesheets());
    assertThat(a.usedConnectors()).containsOnlyKeys("rest-connector");
    assertThat(a.processWorkspace()).isFalse();
    assertThat(a.contentApp()).isFalse();
  }

  @Test
  void shouldSeeAConnectorThatIsUsedButNotDefined() {
    ReleaseAnalysis a = ReleaseAnalyzer.analyze(SampleReleases.onboarding());
    assertThat(a.processesUsing(SampleReleases.MISSING_CONNECTOR))
        .containsExactly(SampleReleases.ONBOARDING_PROCESS);
    assertThat(a.definedConnectors()).doesNotContain(SampleReleases.MISSING_CONNECTOR);
    assertThat(a.processWorkspace()).isTrue();
    assertThat(a.contentApp()).isFalse();
  }

  @Test
  void shouldIgnoreServiceTasksThatCallNoConnector() {
    String xml = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
        + "<process id=\"p\"><serviceTask id=\"a\" implementation=\"##WebService\"/>"
        + "<serviceTask id=\"b\" implementation=\"com.acme.delegate.Bean\"/>"
        + "<serviceTask id=\"c\"/><userTask id=\"d\" implementation=\"x.Y\"/></process>"
        + "</definitions>";
    ReleaseAnalysis a = ReleaseAnalyzer.analyze(project(Map.of("processes/p.bpmn20.xml", xml)));
    assertThat(a.usedConnectors()).isEmpty();
  }

  @Test
  void shouldReadConnectorCallsWithoutNamespacePrefixes() {
    String xml = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
        + "<process id=\"orders\"><serviceTask id=\"a\" implementation=\"slack-connector.POST\"/>"
        + "</process></definitions>";
    assertThat(ReleaseAnalyzer.analyze(project(Map.of("processes/o.bpmn", xml)))
        .processesUsing("slack-connector")).containsExactly("orders");
  }

  @Test
  void refusesExternalEntities() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE definitions SYSTEM \"http://evil.example/x.dtd\">"
        + "<definitions/>";
    assertThatThrownBy(() -> ReleaseAnalyzer.analyze(project(Map.of("processes/p.bpmn20.xml", xml))))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("release.content[processes/p.bpmn20.xml]");
  }

  @Test
  void refusesAConnectorDefinitionThatIsNotJson() {
    assertThatThrownBy(() -> ReleaseAnalyzer.analyze(project(Map.of("connectors/x.json", "{x"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("release.content[connectors/x.json]");
  }

  private static ReleasedProject project(Map<String, String> files) {
    return new ReleasedProject(ReleaseRef.of("p", "1"), "p", true, ReleaseContent.ofText(files));
  }
}
