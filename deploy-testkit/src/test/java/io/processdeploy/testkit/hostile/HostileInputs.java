package io.processdeploy.testkit.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.hostile.HostileCase.Attempt;
import io.processdeploy.testkit.hostile.HostileCase.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The table of hostile inputs: every public operation, every kind of input. */
final class HostileInputs {
  /** The deployed, Running application every case finds in place. */
  static final String RUNNING = "expenses";
  /** The descriptor, not deployed, every case finds in place. */
  static final String IDLE = "timesheets";
  /** The name hostile requests create under, when the name itself is not the hostile part. */
  static final String NEW = "hostile";
  /** A secret value some cases carry; no exception message may hold it. */
  static final String CANARY = "c4nary-s3cret";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Class<ValidationException> INVALID = ValidationException.class;
  private static final Class<NotFoundException> NOT_FOUND = NotFoundException.class;
  private static final Class<AccessDeniedException> DENIED = AccessDeniedException.class;
  private static final String REST = SampleReleases.REST_CONNECTOR;
  private static final String SCANNER = SampleReleases.INVOICE_SCANNER;
  private static final String RB = "infrastructure.services[runtime-bundle]";
  private static final String PG = "infrastructure.services[postgresql]";

  private final List<HostileCase> cases = new ArrayList<>();

  private HostileInputs() {}

  /** Every case. */
  static List<HostileCase> all() {
    HostileInputs t = new HostileInputs();
    t.names();
    t.versions();
    t.variables();
    t.connectors();
    t.infrastructure();
    t.permissions();
    t.documents();
    t.unknown();
    t.callers();
    t.logs();
    return List.copyOf(t.cases);
  }

  private void names() {
    String c = "names";
    List<String> bad = List.of("", "a".repeat(27), "Expenses", "my_app", "my app", "a,b",
        "a\nb", "a=b", "1app", "-app", "app-", "a.b", "../etc", "a/b", "a\u0000b",
        "\uff45xpenses", "\u0435xpenses", "exp\u200benses", "default", "kube-system",
        "kube-public", "kube-node-lease", "kube-anything", "openshift-apps");
    for (String name : bad) {
      add(c, show(name), "createDescriptor",
          x -> x.service().createDescriptor(x.devops(), x.samples().timesheets(name)), INVALID,
          "name");
    }
    add(c, "null", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), x.samples().timesheets(null)), INVALID,
        "name");
    add(c, "null request", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), null), INVALID, "request");
    for (String name : List.of("default", "kube-system", "Bad Name")) {
      add(c, show(name), "deployRelease",
          x -> x.service().deployRelease(x.devops(), x.samples().timesheets(name)), INVALID,
          "name");
    }
    for (String name : List.of("kube-system", "../x", "a\nb")) {
      add(c, "new name " + show(name), "importDescriptor",
          x -> x.service().importDescriptor(x.devops(), x.document(), name, Map.of()), INVALID,
          "name");
    }
    add(c, "document named default", "importDescriptor", x -> x.service().importDescriptor(
        x.devops(), edit(x.document(), d -> d.put("name", "default")), Map.of()), INVALID,
        "name");
  }

  private void versions() {
    String c = "versions";
    List<String> bad = List.of("../../x", "1.0.0\n", "..", ".hidden", "1.0/2", "v1:latest",
        "1.0.0\u0000", "a".repeat(129), "1 0", "", " ");
    for (String version : bad) {
      add(c, "asked for " + show(version), "createDescriptor", x -> x.service().createDescriptor(
          x.devops(), timesheets(NEW, new ReleaseRef(SampleReleases.TIMESHEETS.projectId(),
              version))), INVALID, "release.version");
    }
    String project = SampleReleases.TIMESHEETS.projectId();
    for (String version : List.of("../../x", "1.0.0\n", "-rf", "3;rm")) {
      add(c, "release source answers " + show(version), "createDescriptor",
          x -> x.releases().withVersion(project, version, () -> x.service().createDescriptor(
              x.devops(), x.samples().timesheets(NEW))), INVALID, "release.version");
    }
    add(c, "release source answers ../../x", "deployRelease",
        x -> x.releases().withVersion(project, "../../x", () -> x.service().deployRelease(
            x.devops(), x.samples().timesheets(NEW))), INVALID, "release.version");
    add(c, "release source answers ../../x for a stored descriptor", "deploy",
        x -> x.releases().withVersion(project, "../../x", () -> x.service().deploy(x.devops(),
            IDLE)), INVALID, "release.version");
    add(c, "release source answers 1.0.0\\n", "importDescriptor",
        x -> x.releases().withVersion(project, "1.0.0\n", () -> x.service().importDescriptor(
            x.devops(), x.document(), NEW, Map.of())), INVALID, "release.version");
    add(c, "document asks for ../../x", "importDescriptor", x -> x.service().importDescriptor(
        x.devops(), edit(x.document(), d -> ((ObjectNode) d.get("release"))
            .put("version", "../../x")), NEW, Map.of()), INVALID, "release.version");
    Map<String, String> paths = new java.util.LinkedHashMap<>();
    paths.put("../../etc/passwd", "release.content[../../etc/passwd]");
    paths.put("/etc/passwd", "release.content[/etc/passwd]");
    paths.put("processes/a\u0000.xml", "release.content");
    paths.put("ui/x\n.json", "release.content");
    paths.forEach((path, field) -> add(c, "release file at " + show(path), "createDescriptor",
        x -> x.releases().withPath(project, path, () -> x.service().createDescriptor(
            x.devops(), x.samples().timesheets(NEW))), INVALID, field));
    add(c, "unknown release", "createDescriptor", x -> x.service().createDescriptor(x.devops(),
        timesheets(NEW, ReleaseRef.of("no-such-project", "1"))), NOT_FOUND, null);
    add(c, "unreleased version", "createDescriptor", x -> {
          DescriptorRequest r = x.samples().expenses(NEW);
          x.service().createDescriptor(x.devops(), new DescriptorRequest(NEW,
              SampleReleases.EXPENSES_UNRELEASED, r.security(), r.connectors(),
              r.infrastructure()));
        },
        INVALID, "release.version");
  }

  private void variables() {
    String c = "variables";
    String field = "connectors[" + REST + "].variables";
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put("not JSON", "REST_BASE_URL=x");
    refused.put("an array", "[1,2]");
    refused.put("a string", "\"x\"");
    refused.put("a nested object", "{\"A\":{\"B\":1}}");
    refused.put("an array value", "{\"A\":[1]}");
    refused.put("a null value", "{\"A\":null}");
    refused.put("a name starting with a digit", "{\"1A\":\"x\"}");
    refused.put("a name with '-'", "{\"A-B\":\"x\"}");
    refused.put("a name with a space", "{\"A B\":\"x\"}");
    refused.put("a name with a newline", "{\"A\\nB\":\"x\"}");
    refused.put("an empty name", "{\"\":\"x\"}");
    refused.put("a name twice", "{\"A\":\"x\",\"A\":\"y\"}");
    refused.put("text after the object", "{\"A\":\"x\"} {}");
    refused.put("unterminated", "{\"A\":\"x\"");
    refused.put("20,000 levels of nesting", "[".repeat(20_000));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      add(c, e.getKey(), "createDescriptor", x -> x.service().createDescriptor(x.devops(),
          timesheets(NEW, e.getValue())), INVALID, field);
    }
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("NUL", "nul\\u0000");
    values.put("BEL", "bell\\u0007");
    values.put("ESC", "\\u001b[31mred");
    values.put("DEL", "del\\u007f");
    values.put("lone surrogate", "\\ud800");
    values.put("U+FFFF", "\\uffff");
    for (Map.Entry<String, String> e : values.entrySet()) {
      add(c, "a value holding " + e.getKey(), "createDescriptor",
          x -> x.service().createDescriptor(x.devops(), timesheets(NEW,
              "{\"REST_NOTE\":\"" + e.getValue() + "\"}")), INVALID, field + ".REST_NOTE");
    }
    add(c, "a secret value holding NUL", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, "{\"REST_PASSWORD\":\"" + CANARY + "\\u0000\"}")), INVALID,
        field + ".REST_PASSWORD");
    add(c, "a 5 MB variables object", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, "{\"BIG\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")),
        INVALID, field);
    add(c, "5 MB in 50,000 variables", "createDescriptor", x -> {
      StringBuilder json = new StringBuilder("{");
      for (int i = 0; i < 50_000; i++) {
        json.append(i == 0 ? "" : ",").append("\"V").append(i).append("\":\"")
            .append("y".repeat(100)).append('"');
      }
      x.service().createDescriptor(x.devops(), timesheets(NEW, json.append('}').toString()));
    }, INVALID, field);
    add(c, "a 300-character name", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, "{\"" + "N".repeat(300) + "\":\"x\"}")), INVALID, field);
    add(c, "a 2 MB secret value", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, "{\"REST_TOKEN\":\"" + "z".repeat(2 * 1024 * 1024)
            + "\"}")), INVALID, field);
  }

  private void connectors() {
    String c = "connectors and images";
    String image = "connectors[" + SCANNER + "].image";
    for (String ref : List.of("UPPER/Case:1", "registry.example.com/x:tag with space",
        "registry.example.com/x@sha256:abc", "registry.example.com/x:",
        "http://registry.example.com/x:1", "registry.example.com/x:1\nfoo: bar",
        "registry.example.com/x:{{ .Release.Name }}", "registry.example.com/x:" + "t".repeat(129),
        "registry.example.com/../x:1")) {
      add(c, "image " + show(ref), "createDescriptor", x -> x.service().createDescriptor(
          x.devops(), expenses(ref, List.of())), INVALID, image);
    }
    add(c, "custom connector without image", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), expenses("", List.of())), INVALID, image);
    add(c, "a connector the release does not use", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), expenses(null, List.of(
            ConnectorRequest.custom("fax", "registry.example.com/fax:1", "{}")))), INVALID,
        "connectors[fax]");
    add(c, "a blank connector name", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), expenses(null, List.of(ConnectorRequest.custom(" ", "r.example.com/x:1",
            "{}")))), INVALID, "connectors[2].name");
    add(c, "a connector twice", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), expenses(null, List.of(ConnectorRequest.outOfTheBox(
            SampleReleases.EMAIL_CONNECTOR, "{}")))), INVALID,
        "connectors[" + SampleReleases.EMAIL_CONNECTOR + "]");
    add(c, "the custom connector left out", "createDescriptor", x -> x.service()
        .createDescriptor(x.devops(), DescriptorRequest.builder(NEW, SampleReleases.EXPENSES)
            .withAdmins(Members.users("alice")).build()), INVALID, "connectors");
    add(c, "runtime-bundle base scratch", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, infra(ServiceSettings.NONE, Map.of("runtime-bundle",
            new ServiceSettings(io.processdeploy.api.ImageReference.parse("scratch"),
                Map.of()))))), INVALID, RB + ".image");
  }

  private void infrastructure() {
    String c = "infrastructure";
    add(c, "an unknown service", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, service("mailer", Map.of()))), INVALID,
        "infrastructure.services[mailer]");
    add(c, "an unknown variable group", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, service("runtime-bundle", Map.of("weird", Map.of("A",
            "1"))))), INVALID, RB + ".variables[weird]");
    add(c, "an unknown PostgreSQL key", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, service("runtime-bundle", Map.of(Infrastructure.POSTGRESQL,
            Map.of("host", "db"))))), INVALID, RB + ".variables[postgresql-service].host");
    for (String url : List.of("mysql://db/x", "jdbc:mysql://db/x", "postgresql://db/x")) {
      add(c, "JDBC url " + show(url), "createDescriptor", x -> x.service().createDescriptor(
          x.devops(), timesheets(NEW, service("runtime-bundle", Map.of(Infrastructure.POSTGRESQL,
              Map.of("url", url, "username", "u"))))), INVALID,
          RB + ".variables[postgresql-service].url");
    }
    add(c, "an external database without username", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), timesheets(NEW, service("runtime-bundle",
            Map.of(Infrastructure.POSTGRESQL, Map.of("url", "jdbc:postgresql://db/x"))))),
        INVALID, RB + ".variables[postgresql-service].username");
    add(c, "a database password holding NUL", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), timesheets(NEW, service("runtime-bundle",
            Map.of(Infrastructure.POSTGRESQL, Map.of("url", "jdbc:postgresql://db/x", "username",
                "u", "password", CANARY + "\u0000"))))), INVALID,
        RB + ".variables[postgresql-service].password");
    for (String size : List.of("-1Gi", "8GB", "lots", "0", "1e9", "8Gi\n")) {
      add(c, "storage size " + show(size), "createDescriptor", x -> x.service().createDescriptor(
          x.devops(), timesheets(NEW, service("postgresql", Map.of(Infrastructure.STORAGE,
              Map.of("size", size))))), INVALID, PG + ".variables[storage].size");
    }
    for (String cls : List.of("Fast_SSD", "a..b", "s".repeat(254))) {
      add(c, "storage class " + show(cls), "createDescriptor", x -> x.service().createDescriptor(
          x.devops(), timesheets(NEW, service("postgresql", Map.of(Infrastructure.STORAGE,
              Map.of("storageClassName", cls))))), INVALID,
          PG + ".variables[storage].storageClassName");
    }
    add(c, "an unknown storage key", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, service("postgresql", Map.of(Infrastructure.STORAGE,
            Map.of("iops", "100"))))), INVALID, PG + ".variables[storage].iops");
    add(c, "storage for another service", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, service("runtime-bundle", Map.of(Infrastructure.STORAGE,
            Map.of("size", "1Gi"))))), INVALID, RB + ".variables[storage]");
    add(c, "an invalid environment variable name", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), timesheets(NEW, global(Map.of(
            Infrastructure.ENV, Map.of("1X", "v"))))), INVALID,
        "infrastructure.global.variables[env]");
    add(c, "an environment value holding NUL", "createDescriptor",
        x -> x.service().createDescriptor(x.devops(), timesheets(NEW, global(Map.of(
            Infrastructure.ENV, Map.of("X", "a\u0000b"))))), INVALID,
        "infrastructure.global.variables[env].X");
    add(c, "2 MB of global environment", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), timesheets(NEW, global(Map.of(Infrastructure.ENV, Map.of("X",
            "e".repeat(2 * 1024 * 1024)))))), INVALID, "infrastructure.global.variables[env]");
    add(c, "a global image", "createDescriptor", x -> x.service().createDescriptor(x.devops(),
        timesheets(NEW, infra(new ServiceSettings(io.processdeploy.api.ImageReference.parse(
            "registry.example.com/x:1"), Map.of()), Map.of()))), INVALID,
        "infrastructure.global.image");
  }

  private void permissions() {
    String c = "permissions";
    Map<String, String> names = new java.util.LinkedHashMap<>();
    names.put("a comma", "bob,mallory");
    names.put("a newline", "bob\nmallory");
    names.put("'='", "users.users=mallory");
    names.put("a leading space", " bob");
    names.put("a trailing space", "bob ");
    names.put("a tab", "bob\tx");
    names.put("NUL", "bob\u0000");
    names.put("a line separator", "bob\u2028x");
    names.put("a C1 control", "bob\u0085");
    for (Map.Entry<String, String> e : names.entrySet()) {
      add(c, "an admin user name with " + e.getKey(), "updatePermissions",
          x -> x.service().updatePermissions(x.devops(), RUNNING, new Security(
              new Members(Set.of(e.getValue()), Set.of()), Members.NONE)), INVALID,
          "security.admins.users[0]");
    }
    add(c, "an admin group named bob,mallory", "updatePermissions",
        x -> x.service().updatePermissions(x.devops(), RUNNING, new Security(
            new Members(Set.of("alice"), Set.of("bob,mallory")), Members.NONE)), INVALID,
        "security.admins.groups[0]");
    add(c, "a user group with a newline", "updatePermissions",
        x -> x.service().updatePermissions(x.devops(), RUNNING, new Security(
            Members.users("alice"), Members.groups("a", "b\nadmins.users: mallory"))), INVALID,
        "security.users.groups[1]");
    add(c, "a third admin with '='", "createDescriptor", x -> x.service().createDescriptor(
        x.devops(), DescriptorRequest.builder(NEW, SampleReleases.TIMESHEETS)
            .withAdmins(Members.users("alice", "bob", "carol=admin"))
            .addConnector(ConnectorRequest.outOfTheBox(REST, "{}")).build()), INVALID,
        "security.admins.users[2]");
    add(c, "no admin", "updatePermissions", x -> x.service().updatePermissions(x.devops(),
        RUNNING, new Security(Members.NONE, Members.users("bob"))), INVALID, "security.admins");
    add(c, "no security", "updatePermissions", x -> x.service().updatePermissions(x.devops(),
        RUNNING, null), INVALID, "security.admins");
    add(c, "no admin", "createDescriptor", x -> x.service().createDescriptor(x.devops(),
        DescriptorRequest.builder(NEW, SampleReleases.TIMESHEETS)
            .addConnector(ConnectorRequest.outOfTheBox(REST, "{}")).build()), INVALID,
        "security.admins");
    add(c, "a blank user name", "updatePermissions", x -> x.service().updatePermissions(
        x.devops(), RUNNING, new Security(new Members(Set.of(" "), Set.of()), null)), INVALID,
        "users");
    add(c, "2 MB of user names", "updatePermissions", x -> {
      Set<String> many = new HashSet<>();
      for (int i = 0; i < 100_000; i++) {
        many.add("user-" + i + "-" + "u".repeat(12));
      }
      x.service().updatePermissions(x.devops(), RUNNING, new Security(Members.users("alice"),
          new Members(many, Set.of())));
    }, INVALID, "security.users");
  }

  private void documents() {
    String c = "descriptor documents";
    add(c, "JSON ending inside the format", "importDescriptor", x -> x.service()
        .importDescriptor(x.devops(), "{\"format\":", Map.of()), INVALID, "format");
    add(c, "an empty text", "importDescriptor", x -> x.service().importDescriptor(x.devops(),
        " ", Map.of()), INVALID, "document");
    add(c, "an array", "importDescriptor", x -> x.service().importDescriptor(x.devops(),
        "[]", Map.of()), INVALID, "document");
    add(c, "another format", "importDescriptor", x -> x.service().importDescriptor(x.devops(),
        edit(x.document(), d -> d.put("format", "helm/v9")), NEW, Map.of()), INVALID, "format");
    add(c, "a secret not asked for", "importDescriptor", x -> x.service().importDescriptor(
        x.devops(), x.document(), NEW, Map.of("connectors[x].PASSWORD", CANARY)), INVALID,
        "secrets");
    add(c, "an admin named bob,mallory", "importDescriptor", x -> x.service().importDescriptor(
        x.devops(), edit(x.document(), d -> ((ArrayNode) d.get("security").get("admins")
            .get("users")).add("bob,mallory")), NEW, Map.of()), INVALID,
        "security.admins.users[0]");
    add(c, "variables holding NUL", "importDescriptor", x -> x.service().importDescriptor(
        x.devops(), edit(x.document(), d -> ((ObjectNode) d.get("connectors").get(0)
            .get("variables")).put("REST_NOTE", "a\u0000b")), NEW, Map.of()), INVALID,
        "connectors[" + REST + "].variables.REST_NOTE");
  }

  private void unknown() {
    String c = "unknown names";
    for (String name : List.of("nope", "../etc", "kube-system")) {
      add(c, show(name), "getApplication", x -> x.service().getApplication(x.devops(), name),
          NOT_FOUND, null);
    }
    add(c, "nope", "deploy", x -> x.service().deploy(x.devops(), "nope"), NOT_FOUND, null);
    add(c, "nope", "links", x -> x.service().links(x.devops(), "nope"), NOT_FOUND, null);
    add(c, "nope", "logs", x -> x.service().logs(x.devops(), "nope", "runtime-bundle", 10),
        NOT_FOUND, null);
    add(c, "nope", "undeploy", x -> x.service().undeploy(x.devops(), "nope"), NOT_FOUND, null);
    add(c, "nope", "forceUndeploy", x -> x.service().forceUndeploy(x.devops(), "nope"),
        NOT_FOUND, null);
    add(c, "nope", "deleteDescriptor", x -> x.service().deleteDescriptor(x.devops(), "nope"),
        NOT_FOUND, null);
    add(c, "nope", "export", x -> x.service().export(x.devops(), "nope", ExportOptions.DEFAULTS),
        NOT_FOUND, null);
    add(c, "nope", "exportDescriptor", x -> x.service().exportDescriptor(x.devops(), "nope"),
        NOT_FOUND, null);
    add(c, "nope", "plan", x -> x.service().plan(x.devops(), "nope"), NOT_FOUND, null);
    add(c, "nope", "updatePermissions", x -> x.service().updatePermissions(x.devops(), "nope",
        new Security(Members.users("alice"), null)), NOT_FOUND, null);
    add(c, "an undeployed descriptor", "links", x -> x.service().links(x.devops(), IDLE),
        NOT_FOUND, null);
    add(c, "null", "getApplication", x -> x.service().getApplication(x.devops(), null),
        INVALID, "name");
    add(c, "null", "deploy", x -> x.service().deploy(x.devops(), null), INVALID, "name");
    add(c, "null", "undeploy", x -> x.service().undeploy(x.devops(), null), INVALID, "name");
    add(c, "null", "forceUndeploy", x -> x.service().forceUndeploy(x.devops(), null), INVALID,
        "name");
    add(c, "null", "deleteDescriptor", x -> x.service().deleteDescriptor(x.devops(), null),
        INVALID, "name");
    add(c, "null", "export", x -> x.service().export(x.devops(), null, null), INVALID, "name");
    add(c, "null", "plan", x -> x.service().plan(x.devops(), null), INVALID, "name");
  }

  private void callers() {
    String c = "callers without the role";
    Caller mallory = new Caller("mallory", Set.of("accounting"), Set.of("aps_devops",
        "APS_DEVOPS ", "ACTIVITI_ADMIN"));
    Map<String, Attempt> ops = new java.util.LinkedHashMap<>();
    ops.put("createDescriptor", x -> x.service().createDescriptor(mallory,
        x.samples().timesheets(NEW)));
    ops.put("importDescriptor", x -> x.service().importDescriptor(mallory, x.document(), NEW,
        Map.of()));
    ops.put("deployRelease", x -> x.service().deployRelease(mallory,
        x.samples().timesheets(NEW)));
    ops.put("deploy", x -> x.service().deploy(mallory, IDLE));
    ops.put("updatePermissions", x -> x.service().updatePermissions(mallory, RUNNING,
        new Security(Members.users("mallory"), null)));
    ops.put("export", x -> x.service().export(mallory, IDLE, ExportOptions.DEFAULTS));
    ops.put("exportDescriptor", x -> x.service().exportDescriptor(mallory, IDLE));
    ops.put("listDescriptors", x -> x.service().listDescriptors(mallory, DescriptorQuery.ALL));
    ops.put("links", x -> x.service().links(mallory, RUNNING));
    ops.put("logs", x -> x.service().logs(mallory, RUNNING, "runtime-bundle", 10));
    ops.put("undeploy", x -> x.service().undeploy(mallory, RUNNING));
    ops.put("forceUndeploy", x -> x.service().forceUndeploy(mallory, RUNNING));
    ops.put("deleteDescriptor", x -> x.service().deleteDescriptor(mallory, IDLE));
    ops.put("plan", x -> x.service().plan(mallory, IDLE));
    ops.put("subscribe", x -> x.service().subscribe(mallory, event -> { }));
    ops.put("awaitStatus", x -> x.service().awaitStatus(mallory, RUNNING, s -> true,
        java.time.Duration.ofSeconds(1)));
    ops.forEach((op, attempt) -> add(c, "look-alike roles", op, attempt, DENIED, null));
    add(c, "a caller who is neither admin nor user", "getApplication",
        x -> x.service().getApplication(Caller.of("eve"), RUNNING), NOT_FOUND, null);
  }

  private void logs() {
    String c = "logs";
    for (int lines : new int[] {0, -1, Integer.MIN_VALUE}) {
      add(c, lines + " lines", "logs", x -> x.service().logs(x.devops(), RUNNING,
          "runtime-bundle", lines), INVALID, "tailLines");
    }
    for (String service : java.util.Arrays.asList("nope", "../../etc/passwd", "runtime-bundle\n",
        null)) {
      add(c, "service " + show(service), "logs", x -> x.service().logs(x.devops(), RUNNING,
          service, 10), NOT_FOUND, null);
    }
  }

  private void add(String category, String description, String operation, Attempt attempt,
      Class<? extends DeploymentException> expected, String field) {
    cases.add(new HostileCase(category, description, operation, attempt, expected, field));
  }

  private static DescriptorRequest timesheets(String name, ReleaseRef release) {
    return DescriptorRequest.builder(name, release).withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(REST, "{}")).build();
  }

  private static DescriptorRequest timesheets(String name, String variables) {
    return DescriptorRequest.builder(name, SampleReleases.TIMESHEETS)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(REST, variables)).build();
  }

  private static DescriptorRequest timesheets(String name, Infrastructure infrastructure) {
    return DescriptorRequest.builder(name, SampleReleases.TIMESHEETS)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(REST, "{}"))
        .withInfrastructure(infrastructure).build();
  }

  /** The expenses request with the scanner's image (or the given one) and more connectors. */
  private static DescriptorRequest expenses(String scannerImage, List<ConnectorRequest> more) {
    DescriptorRequest.Builder b = DescriptorRequest.builder(NEW, SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(SampleReleases.EMAIL_CONNECTOR, "{}"))
        .addConnector(ConnectorRequest.custom(SCANNER, scannerImage == null
            ? "registry.example.com/acme/invoice-scanner:1.2.0" : scannerImage, "{}"));
    more.forEach(b::addConnector);
    return b.build();
  }

  private static Infrastructure infra(ServiceSettings global, Map<String, ServiceSettings> s) {
    return new Infrastructure(global, s);
  }

  private static Infrastructure service(String name, Map<String, Map<String, String>> vars) {
    return infra(ServiceSettings.NONE, Map.of(name, new ServiceSettings(null, vars)));
  }

  private static Infrastructure global(Map<String, Map<String, String>> vars) {
    return infra(new ServiceSettings(null, vars), Map.of());
  }

  private static String edit(String document, java.util.function.Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(document);
    change.accept(root);
    return JSON.writeValueAsString(root);
  }

  /** An input made printable for a test name. */
  static String show(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    String shown = s.length() > 40 ? s.substring(0, 20) + "...(" + s.length() + " chars)" : s;
    for (char ch : shown.toCharArray()) {
      out.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch)
          : String.valueOf(ch));
    }
    return out.append('\'').toString();
  }
}
