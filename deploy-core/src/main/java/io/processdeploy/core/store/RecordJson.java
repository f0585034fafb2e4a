package io.processdeploy.core.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.core.internal.Json;

/**
 * The JSON form in which durable stores keep descriptors and applications: the one {@link FileStore}
 * writes, for stores in other modules (a database row holds the same text as a file). Messages of
 * failures never quote the text, since descriptors hold secret values.
 */
public final class RecordJson {
  private RecordJson() {}

  /** The JSON text of a descriptor or an application. */
  public static String write(Object record) {
    try {
      return Json.store().writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new DeploymentException("cannot write " + record.getClass().getSimpleName()
          + " as JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads JSON text written by {@link #write(Object)}.
   *
   * @param where names the stored text in a failure message, e.g. "the row 'expenses' of table x"
   * @throws DeploymentException naming {@code where} and the position of the problem, not the text
   */
  public static <T> T read(String json, Class<T> type, String where) {
    try {
      return Json.store().readValue(json, type);
    } catch (JsonProcessingException e) {
      // No cause: a parser message may quote the text, and it holds secret values.
      JsonLocation at = e.getLocation();
      throw new DeploymentException(where + " cannot be read (" + e.getClass().getSimpleName()
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
          + "); restore it from a backup or remove it");
    }
  }
}
