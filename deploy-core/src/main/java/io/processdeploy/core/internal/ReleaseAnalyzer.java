package io.processdeploy.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a release: which connectors its processes call (BPMN service tasks whose
 * {@code implementation} is {@code <connector>.<action>}), which connectors it defines, which UIs
 * it has. BPMN is parsed with the JDK's parser, with DTDs and external entities refused.
 */
public final class ReleaseAnalyzer {
  /** Path of the Process Workspace UI definition. */
  public static final String PROCESS_WORKSPACE_UI = "ui/process-workspace.json";
  /** Path of the Content App UI definition. */
  public static final String CONTENT_APP_UI = "ui/content-app.json";

  private static final Pattern CONNECTOR_CALL =
      Pattern.compile("(?<connector>[A-Za-z0-9][A-Za-z0-9_-]*)\\.(?<action>[A-Za-z0-9_-]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReleaseAnalyzer() {}

  /**
   * Analyzes a release.
   *
   * @throws ValidationException naming the file when a process or connector definition cannot
   *     be read
   */
  public static ReleaseAnalysis analyze(ReleasedProject project) {
    ReleaseContent content = project.content();
    Map<String, SortedSet<String>> used = new TreeMap<>();
    content.under(ReleaseContent.PROCESSES).forEach((path, bytes) -> {
      if (path.endsWith(".bpmn20.xml") || path.endsWith(".bpmn")) {
        collectConnectorCalls(path, bytes, used);
      }
    });
    SortedSet<String> defined = new TreeSet<>();
    content.under(ReleaseContent.CONNECTORS).forEach((path, bytes) -> {
      if (path.endsWith(".json")) {
        defined.add(connectorName(path, bytes));
      }
    });
    return new ReleaseAnalysis(project.projectName(), new TreeMap<>(used), defined,
        content.file(PROCESS_WORKSPACE_UI).isPresent(), content.file(CONTENT_APP_UI).isPresent());
  }

  private static void collectConnectorCalls(String path, byte[] bytes,
      Map<String, SortedSet<String>> used) {
    Document doc = parse(path, bytes);
    NodeList tasks = doc.getElementsByTagNameNS("*", "serviceTask");
    for (int i = 0; i < tasks.getLength(); i++) {
      Element task = (Element) tasks.item(i);
      String implementation = task.getAttribute("implementation").trim();
      var m = CONNECTOR_CALL.matcher(implementation);
      if (m.matches()) {
        used.computeIfAbsent(m.group("connector"), k -> new TreeSet<>())
            .add(processName(task, path));
      }
    }
  }

  private static String processName(Element task, String path) {
    for (Node n = task.getParentNode(); n != null; n = n.getParentNode()) {
      if (n instanceof Element e && "process".equals(e.getLocalName())) {
        String id = e.getAttribute("id");
        return id.isEmpty() ? path : id;
      }
    }
    return path;
  }

  private static Document parse(String path, byte[] bytes) {
    try {
      DocumentBuilder builder = secureFactory().newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
      });
      return builder.parse(new ByteArrayInputStream(bytes));
    } catch (SAXParseException e) {
      throw new ValidationException("release.content[" + path + "]", "is not well-formed BPMN"
          + " XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
          + e.getMessage() + "); release a corrected version of the project");
    } catch (SAXException | IOException e) {
      throw new ValidationException("release.content[" + path + "]", "cannot be read as BPMN"
          + " XML (" + e.getMessage() + "); release a corrected version of the project");
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
    }
  }

  private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  private static String connectorName(String path, byte[] bytes) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ValidationException("release.content[" + path + "]", "is not a readable"
          + " connector definition (JSON); release a corrected version of the project");
    }
    JsonNode name = node == null ? null : node.get("name");
    if (name != null && name.isTextual() && !name.asText().isBlank()) {
      return name.asText();
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".json".length());
  }
}
