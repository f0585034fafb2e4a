package io.processdeploy.tck.release;

import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Released projects laid out as the modeling service lays them out, for tests and demos:
 *
 * <ul>
 *   <li>{@link #expenses()} — two processes: one scans the invoice with the custom connector
 *       {@value #INVOICE_SCANNER} and mails the employee through the out-of-the-box
 *       {@value #EMAIL_CONNECTOR}; a form, a decision table, both UIs;
 *   <li>{@link #timesheets()} — one process calling the out-of-the-box {@value #REST_CONNECTOR},
 *       no UI;
 *   <li>{@link #onboarding()} — a process calling {@value #MISSING_CONNECTOR}, a connector the
 *       release does not define and no catalog knows, so it cannot be deployed until configured;
 *   <li>{@link #expensesUnreleased()} — a later version of expenses that was never released.
 * </ul>
 */
public final class SampleReleases {
  /** The expenses project, released. */
  public static final ReleaseRef EXPENSES = ReleaseRef.of("expenses-project", "1.0.0");
  /** A later version of the expenses project that is not released. */
  public static final ReleaseRef EXPENSES_UNRELEASED = ReleaseRef.of("expenses-project", "1.1.0");
  /** The timesheets project: no UI. */
  public static final ReleaseRef TIMESHEETS = ReleaseRef.of("timesheets-project", "3");
  /** The onboarding project: its process uses a connector nobody defines. */
  public static final ReleaseRef ONBOARDING = ReleaseRef.of("onboarding-project", "2.0");

  /** The out-of-the-box email connector the expenses processes call. */
  public static final String EMAIL_CONNECTOR = "email-connector";
  /** The out-of-the-box REST connector the timesheets process calls. */
  public static final String REST_CONNECTOR = "rest-connector";
  /** The custom connector the expenses approval process calls. */
  public static final String INVOICE_SCANNER = "invoice-scanner";
  /** The image the custom invoice scanner is published as in {@link #expensesRequest}. */
  public static final String INVOICE_SCANNER_IMAGE = "registry.example.com/acme/invoice-scanner:1.2.0";
  /** The connector of the onboarding process that has no definition. */
  public static final String MISSING_CONNECTOR = "hr-sync";
  /** The process of the expenses project that uses both connectors. */
  public static final String EXPENSE_APPROVAL_PROCESS = "expense-approval";
  /** The process of the onboarding project that uses the missing connector. */
  public static final String ONBOARDING_PROCESS = "employee-onboarding";

  private SampleReleases() {}

  /** The expenses project, released: both connectors, a form, a decision table, both UIs. */
  public static ReleasedProject expenses() {
    return new ReleasedProject(EXPENSES, "expenses", true, expensesContent("1.0.0"));
  }

  /**
   * A released version of the expenses project: the same files, whose project manifest says
   * {@code version} (what an update to a newer release brings).
   */
  public static ReleasedProject expensesReleased(String version) {
    return new ReleasedProject(ReleaseRef.of(EXPENSES.projectId(), version), "expenses", true,
        expensesContent(version));
  }

  /** Version 1.1.0 of the expenses project, not released. */
  public static ReleasedProject expensesUnreleased() {
    return new ReleasedProject(EXPENSES_UNRELEASED, "expenses", false, expensesContent("1.1.0"));
  }

  /** The timesheets project: one process calling the REST connector, no UI. */
  public static ReleasedProject timesheets() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("timesheets.json", manifest("timesheets-project", "timesheets", "3",
        "Weekly timesheets pushed to the payroll system"));
    files.put("processes/timesheet-submission.bpmn20.xml", TIMESHEET_PROCESS);
    files.put("connectors/rest-connector.json", connector(REST_CONNECTOR,
        "Calls HTTP services", "POST", "Post JSON", "url,body", "status,response"));
    files.put("forms/timesheet-form.json", form("timesheet-form", "Weekly timesheet",
        "hours", "Hours worked"));
    return new ReleasedProject(TIMESHEETS, "timesheets", true, ReleaseContent.ofText(files));
  }

  /** The onboarding project: its process calls {@value #MISSING_CONNECTOR}, defined nowhere. */
  public static ReleasedProject onboarding() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("onboarding.json", manifest("onboarding-project", "onboarding", "2.0",
        "New employees get accounts and a welcome mail"));
    files.put("processes/employee-onboarding.bpmn20.xml", ONBOARDING_PROCESS_XML);
    files.put("connectors/email-connector.json", emailConnector());
    files.put("ui/process-workspace.json", ui("process-workspace", "Onboarding workspace"));
    return new ReleasedProject(ONBOARDING, "onboarding", true, ReleaseContent.ofText(files));
  }

  /** Every sample project version. */
  public static List<ReleasedProject> all() {
    return List.of(expenses(), expensesUnreleased(), timesheets(), onboarding());
  }

  /** A release source holding {@link #all()}. */
  public static InMemoryReleaseSource source() {
    return InMemoryReleaseSource.builder().addAll(all()).build();
  }

  /**
   * A complete, valid request for the expenses release: alice administers, the accounting group
   * uses it, the email connector is configured with a secret password, the custom invoice scanner
   * is published as {@value #INVOICE_SCANNER_IMAGE} with a secret API key.
   */
  public static DescriptorRequest.Builder expensesRequest(String name) {
    return expensesRequest(name, INVOICE_SCANNER_IMAGE);
  }

  /** Like {@link #expensesRequest(String)} with another image for the invoice scanner. */
  public static DescriptorRequest.Builder expensesRequest(String name, String invoiceScannerImage) {
    return DescriptorRequest.builder(name, EXPENSES)
        .withAdmins(Members.users("alice"))
        .withUsers(Members.groups("accounting"))
        .addConnector(ConnectorRequest.outOfTheBox(EMAIL_CONNECTOR,
            "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":587,"
                + "\"EMAIL_USERNAME\":\"expenses@example.com\","
                + "\"EMAIL_PASSWORD\":\"mail-pa55word\",\"EMAIL_SSL\":true}"))
        .addConnector(ConnectorRequest.custom(INVOICE_SCANNER, invoiceScannerImage,
            "{\"SCANNER_API_KEY\":\"scan-k3y-0042\",\"SCANNER_DPI\":300}"));
  }

  /** A complete, valid request for the timesheets release (REST connector, no UI). */
  public static DescriptorRequest.Builder timesheetsRequest(String name) {
    return DescriptorRequest.builder(name, TIMESHEETS)
        .withAdmins(Members.groups("hr-admins"))
        .addConnector(ConnectorRequest.outOfTheBox(REST_CONNECTOR,
            "{\"REST_BASE_URL\":\"https://payroll.example.com/api\",\"REST_TIMEOUT_SECONDS\":30}"));
  }

  private static ReleaseContent expensesContent(String version) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("expenses.json", manifest("expenses-project", "expenses", version,
        "Expense claims: scan the invoice, check the policy, approve, notify"));
    files.put("processes/expense-approval.bpmn20.xml", EXPENSE_APPROVAL);
    files.put("processes/expense-reminder.bpmn20.xml", EXPENSE_REMINDER);
    files.put("connectors/email-connector.json", emailConnector());
    files.put("connectors/invoice-scanner.json", connector(INVOICE_SCANNER,
        "Reads amount, currency and vendor from a scanned invoice", "SCAN", "Scan invoice",
        "document", "amount,currency,vendor"));
    files.put("forms/expense-form.json", form("expense-form", "Expense claim", "amount",
        "Amount"));
    files.put("decision-tables/expense-policy.dmn", EXPENSE_POLICY);
    files.put("ui/process-workspace.json", ui("process-workspace", "Expenses workspace"));
    files.put("ui/content-app.json", ui("content-app", "Expenses documents"));
    return ReleaseContent.ofText(files);
  }

  private static String manifest(String id, String name, String version, String description) {
    return "{\n  \"id\": \"" + id + "\",\n  \"name\": \"" + name + "\",\n  \"version\": \""
        + version + "\",\n  \"description\": \"" + description + "\",\n"
        + "  \"createdBy\": \"modeler\",\n  \"type\": \"PROJECT\"\n}\n";
  }

  private static String emailConnector() {
    return connector(EMAIL_CONNECTOR, "Sends mail over SMTP", "SEND", "Send mail",
        "to,subject,body", "messageId");
  }

  private static String connector(String name, String description, String action,
      String actionName, String inputs, String outputs) {
    return "{\n  \"id\": \"" + name + "-definition\",\n  \"name\": \"" + name + "\",\n"
        + "  \"description\": \"" + description + "\",\n  \"actions\": {\n"
        + "    \"" + action + "\": {\n      \"id\": \"" + action + "\",\n      \"name\": \""
        + actionName + "\",\n      \"inputs\": [" + parameters(inputs) + "],\n"
        + "      \"outputs\": [" + parameters(outputs) + "]\n    }\n  }\n}\n";
  }

  private static String parameters(String names) {
    StringBuilder out = new StringBuilder();
    for (String n : names.split(",")) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append("{\"id\": \"").append(n).append("\", \"name\": \"").append(n)
          .append("\", \"type\": \"string\", \"required\": true}");
    }
    return out.toString();
  }

  private static String form(String id, String title, String field, String label) {
    return "{\n  \"formRepresentation\": {\n    \"id\": \"" + id + "\",\n    \"name\": \"" + title
        + "\",\n    \"formDefinition\": {\n      \"fields\": [\n        {\"id\": \"" + field
        + "\", \"name\": \"" + label + "\", \"type\": \"text\", \"required\": true}\n      ],\n"
        + "      \"outcomes\": [{\"id\": \"submit\", \"name\": \"Submit\"}]\n    }\n  }\n}\n";
  }

  private static String ui(String id, String title) {
    return "{\n  \"id\": \"" + id + "\",\n  \"name\": \"" + title + "\",\n"
        + "  \"theme\": \"default\",\n  \"navigation\": [\"tasks\", \"processes\"]\n}\n";
  }

  private static final String BPMN_HEADER = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn2:definitions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:activiti="http://activiti.org/bpmn"
          id="%s" targetNamespace="http://bpmn.io/schema/bpmn">
      """;

  private static final String EXPENSE_APPROVAL = BPMN_HEADER.formatted("model-expense-approval")
      + """
        <bpmn2:process id="expense-approval" name="Expense approval" isExecutable="true">
          <bpmn2:startEvent id="submitted" name="Expense submitted" activiti:formKey="expense-form">
            <bpmn2:outgoing>to-scan</bpmn2:outgoing>
          </bpmn2:startEvent>
          <bpmn2:serviceTask id="scan-invoice" name="Scan invoice" implementation="invoice-scanner.SCAN">
            <bpmn2:incoming>to-scan</bpmn2:incoming>
            <bpmn2:outgoing>to-approve</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:userTask id="approve" name="Approve expense" activiti:candidateGroups="accounting">
            <bpmn2:incoming>to-approve</bpmn2:incoming>
            <bpmn2:outgoing>to-notify</bpmn2:outgoing>
          </bpmn2:userTask>
          <bpmn2:serviceTask id="notify" name="Notify employee" implementation="email-connector.SEND">
            <bpmn2:incoming>to-notify</bpmn2:incoming>
            <bpmn2:outgoing>to-end</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:endEvent id="done" name="Expense handled">
            <bpmn2:incoming>to-end</bpmn2:incoming>
          </bpmn2:endEvent>
          <bpmn2:sequenceFlow id="to-scan" sourceRef="submitted" targetRef="scan-invoice"/>
          <bpmn2:sequenceFlow id="to-approve" sourceRef="scan-invoice" targetRef="approve"/>
          <bpmn2:sequenceFlow id="to-notify" sourceRef="approve" targetRef="notify"/>
          <bpmn2:sequenceFlow id="to-end" sourceRef="notify" targetRef="done"/>
        </bpmn2:process>
      </bpmn2:definitions>
      """;

  private static final String EXPENSE_REMINDER = BPMN_HEADER.formatted("model-expense-reminder")
      + """
        <bpmn2:process id="expense-reminder" name="Expense reminder" isExecutable="true">
          <bpmn2:startEvent id="month-end" name="Month end">
            <bpmn2:outgoing>to-remind</bpmn2:outgoing>
            <bpmn2:timerEventDefinition id="monthly">
              <bpmn2:timeCycle xsi:type="bpmn2:tFormalExpression">0 0 9 L * ?</bpmn2:timeCycle>
            </bpmn2:timerEventDefinition>
          </bpmn2:startEvent>
          <bpmn2:serviceTask id="remind" name="Remind open claims" implementation="email-connector.SEND">
            <bpmn2:incoming>to-remind</bpmn2:incoming>
            <bpmn2:outgoing>to-end</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:endEvent id="reminded">
            <bpmn2:incoming>to-end</bpmn2:incoming>
          </bpmn2:endEvent>
          <bpmn2:sequenceFlow id="to-remind" sourceRef="month-end" targetRef="remind"/>
          <bpmn2:sequenceFlow id="to-end" sourceRef="remind" targetRef="reminded"/>
        </bpmn2:process>
      </bpmn2:definitions>
      """;

  private static final String TIMESHEET_PROCESS = BPMN_HEADER.formatted("model-timesheet")
      + """
        <bpmn2:process id="timesheet-submission" name="Timesheet submission" isExecutable="true">
          <bpmn2:startEvent id="submitted" activiti:formKey="timesheet-form">
            <bpmn2:outgoing>to-push</bpmn2:outgoing>
          </bpmn2:startEvent>
          <bpmn2:serviceTask id="push-payroll" name="Push to payroll" implementation="rest-connector.POST">
            <bpmn2:incoming>to-push</bpmn2:incoming>
            <bpmn2:outgoing>to-end</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:endEvent id="pushed">
            <bpmn2:incoming>to-end</bpmn2:incoming>
          </bpmn2:endEvent>
          <bpmn2:sequenceFlow id="to-push" sourceRef="submitted" targetRef="push-payroll"/>
          <bpmn2:sequenceFlow id="to-end" sourceRef="push-payroll" targetRef="pushed"/>
        </bpmn2:process>
      </bpmn2:definitions>
      """;

  private static final String ONBOARDING_PROCESS_XML = BPMN_HEADER.formatted("model-onboarding")
      + """
        <bpmn2:process id="employee-onboarding" name="Employee onboarding" isExecutable="true">
          <bpmn2:startEvent id="hired">
            <bpmn2:outgoing>to-sync</bpmn2:outgoing>
          </bpmn2:startEvent>
          <bpmn2:serviceTask id="create-accounts" name="Create accounts" implementation="hr-sync.PUSH">
            <bpmn2:incoming>to-sync</bpmn2:incoming>
            <bpmn2:outgoing>to-welcome</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:serviceTask id="welcome" name="Send welcome mail" implementation="email-connector.SEND">
            <bpmn2:incoming>to-welcome</bpmn2:incoming>
            <bpmn2:outgoing>to-end</bpmn2:outgoing>
          </bpmn2:serviceTask>
          <bpmn2:endEvent id="onboarded">
            <bpmn2:incoming>to-end</bpmn2:incoming>
          </bpmn2:endEvent>
          <bpmn2:sequenceFlow id="to-sync" sourceRef="hired" targetRef="create-accounts"/>
          <bpmn2:sequenceFlow id="to-welcome" sourceRef="create-accounts" targetRef="welcome"/>
          <bpmn2:sequenceFlow id="to-end" sourceRef="welcome" targetRef="onboarded"/>
        </bpmn2:process>
      </bpmn2:definitions>
      """;

  private static final String EXPENSE_POLICY = """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="expense-policy"
          name="Expense policy" namespace="http://activiti.org/dmn">
        <decision id="approval-level" name="Approval level">
          <decisionTable id="approval-level-table" hitPolicy="FIRST">
            <input id="amount-input" label="Amount">
              <inputExpression id="amount-expression" typeRef="number"><text>amount</text></inputExpression>
            </input>
            <output id="level-output" label="Level" name="level" typeRef="string"/>
            <rule id="small">
              <inputEntry id="small-amount"><text>&lt; 100</text></inputEntry>
              <outputEntry id="small-level"><text>"team-lead"</text></outputEntry>
            </rule>
            <rule id="large">
              <inputEntry id="large-amount"><text>&gt;= 100</text></inputEntry>
              <outputEntry id="large-level"><text>"finance"</text></outputEntry>
            </rule>
          </decisionTable>
        </decision>
      </definitions>
      """;
}
