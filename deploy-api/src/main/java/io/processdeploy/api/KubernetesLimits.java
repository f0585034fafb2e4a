package io.processdeploy.api;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a Kubernetes API server refuses in the objects of an application, as rules that can be
 * checked before anything is stored, so that a descriptor that is accepted can also be deployed.
 * The rules are the API server's own (Kubernetes 1.20, {@code k8s.io/apimachinery} validation and
 * the core API validation); lengths are in bytes of UTF-8, as the server counts them.
 *
 * <pre>{@code
 * if (KubernetesLimits.dataSize(service.env()) > KubernetesLimits.MAX_DATA_BYTES) {
 *   // the ConfigMap of the service's plain environment would be refused
 * }
 * }</pre>
 */
public final class KubernetesLimits {
  /**
   * Most bytes of values one ConfigMap or one Secret may hold: 1 MiB. The server sums the
   * lengths of the values only (for a Secret, of the decoded values), not of the keys.
   */
  public static final int MAX_DATA_BYTES = 1024 * 1024;
  /** Longest label value. */
  public static final int MAX_LABEL_VALUE = 63;
  /** Longest DNS label: names of Services, containers and namespaces. */
  public static final int MAX_DNS_LABEL = 63;
  /** Longest DNS subdomain: names of ConfigMaps, Secrets and Deployments. */
  public static final int MAX_DNS_SUBDOMAIN = 253;
  /** Longest key of a ConfigMap or a Secret. */
  public static final int MAX_DATA_KEY = 253;
  /** Longest port name. */
  public static final int MAX_PORT_NAME = 15;

  /** The rule of {@link #isLabelValue}, in words. */
  public static final String LABEL_VALUE_RULE = "at most " + MAX_LABEL_VALUE + " characters of"
      + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  /** The rule of {@link #isServiceName}, in words. */
  public static final String SERVICE_NAME_RULE = "at most " + MAX_DNS_LABEL + " characters of"
      + " lowercase letters, digits and '-', starting with a letter and ending with a letter or"
      + " digit";
  /** The rule of {@link #isDnsLabel}, in words. */
  public static final String DNS_LABEL_RULE = "at most " + MAX_DNS_LABEL + " characters of"
      + " lowercase letters, digits and '-', starting and ending with a letter or digit";
  /** The rule of {@link #isDnsSubdomain}, in words. */
  public static final String DNS_SUBDOMAIN_RULE = "at most " + MAX_DNS_SUBDOMAIN + " characters"
      + " of lowercase letters, digits, '-' and '.', each part between dots starting and ending"
      + " with a letter or digit";
  /** The rule of {@link #isDataKey}, in words. */
  public static final String DATA_KEY_RULE = "at most " + MAX_DATA_KEY + " characters of"
      + " letters, digits, '-', '_' and '.', and not '.', '..' or starting with '..'";
  /** The rule of {@link #isPortName}, in words. */
  public static final String PORT_NAME_RULE = "at most " + MAX_PORT_NAME + " characters of"
      + " lowercase letters, digits and '-', with at least one letter, no '-' at either end and"
      + " no '--'";

  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern DNS_1123_LABEL = Pattern.compile(DNS_LABEL);
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern PORT_NAME = Pattern.compile("[-a-z0-9]+");

  private KubernetesLimits() {}

  /**
   * Whether {@code value} may be the value of a label (the empty value may): {@value
   * #MAX_LABEL_VALUE} characters at most of {@code [-A-Za-z0-9_.]}, starting and ending with a
   * letter or digit.
   */
  public static boolean isLabelValue(String value) {
    return value != null && value.length() <= MAX_LABEL_VALUE
        && LABEL_VALUE.matcher(value).matches();
  }

  /**
   * Whether {@code name} may name a Service (an RFC 1035 label): {@value #MAX_DNS_LABEL}
   * characters at most of {@code [-a-z0-9]}, starting with a letter and ending with a letter or
   * digit.
   */
  public static boolean isServiceName(String name) {
    return name != null && name.length() <= MAX_DNS_LABEL && DNS_1035_LABEL.matcher(name).matches();
  }

  /**
   * Whether {@code name} is an RFC 1123 label, as names of containers and namespaces must be:
   * {@value #MAX_DNS_LABEL} characters at most of {@code [-a-z0-9]}, starting and ending with a
   * letter or digit.
   */
  public static boolean isDnsLabel(String name) {
    return name != null && name.length() <= MAX_DNS_LABEL && DNS_1123_LABEL.matcher(name).matches();
  }

  /**
   * Whether {@code name} is an RFC 1123 subdomain, as names of ConfigMaps, Secrets and
   * Deployments must be: {@value #MAX_DNS_SUBDOMAIN} characters at most, RFC 1123 labels joined
   * by dots.
   */
  public static boolean isDnsSubdomain(String name) {
    return name != null && name.length() <= MAX_DNS_SUBDOMAIN
        && DNS_SUBDOMAIN.matcher(name).matches();
  }

  /**
   * Whether {@code key} may be a key of a ConfigMap or a Secret: {@value #MAX_DATA_KEY}
   * characters at most of {@code [-._a-zA-Z0-9]}, and neither {@code .}, {@code ..} nor starting
   * with {@code ..}.
   */
  public static boolean isDataKey(String key) {
    return key != null && key.length() <= MAX_DATA_KEY && DATA_KEY.matcher(key).matches()
        && !key.equals(".") && !key.startsWith("..");
  }

  /**
   * Whether {@code name} may name a container port (an IANA service name as Kubernetes reads it;
   * a Service port name is only a DNS label, and the same name must serve both):
   * {@value #MAX_PORT_NAME} characters at most of {@code [-a-z0-9]}, at least one letter, no
   * {@code -} at either end and no {@code --}.
   */
  public static boolean isPortName(String name) {
    return name != null && name.length() <= MAX_PORT_NAME && PORT_NAME.matcher(name).matches()
        && name.chars().anyMatch(c -> c >= 'a' && c <= 'z')
        && !name.startsWith("-") && !name.endsWith("-") && !name.contains("--");
  }

  /**
   * The size the API server counts for the data of a ConfigMap, or of a Secret given its decoded
   * values: the UTF-8 bytes of every value, keys not included. It may hold at most
   * {@link #MAX_DATA_BYTES}.
   */
  public static long dataSize(Map<String, String> data) {
    long size = 0;
    for (String value : data.values()) {
      size += utf8Length(value);
    }
    return size;
  }

  /** The length of {@code text} in UTF-8, without encoding it. */
  private static long utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
