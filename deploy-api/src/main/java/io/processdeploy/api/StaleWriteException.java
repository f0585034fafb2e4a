package io.processdeploy.api;

/**
 * A write was refused because the record changed since the writer read it: the version the
 * writer expected is no longer the stored one. Nothing was written; read the record again and
 * retry the change on what is stored now.
 */
public class StaleWriteException extends ConflictException {
  private static final long serialVersionUID = 1L;
  /** @serial the kind of record, e.g. {@code application} */
  private final String kind;
  /** @serial the record's name */
  private final String name;
  /** @serial the version the writer expected */
  private final long expectedVersion;

  /**
   * @param kind the kind of record, e.g. {@code application}
   * @param name the record's name
   * @param expectedVersion the version the writer read
   */
  public StaleWriteException(String kind, String name, long expectedVersion) {
    super("the " + kind + " '" + name + "' changed since version " + expectedVersion
        + " was read; read it again and retry the change");
    this.kind = kind;
    this.name = name;
    this.expectedVersion = expectedVersion;
  }

  /** The kind of record, e.g. {@code application} or {@code descriptor}. */
  public String kind() {
    return kind;
  }

  /** The record's name. */
  public String name() {
    return name;
  }

  /** The version the writer expected. */
  public long expectedVersion() {
    return expectedVersion;
  }
}
