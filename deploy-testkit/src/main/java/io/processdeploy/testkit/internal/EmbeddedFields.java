package io.processdeploy.testkit.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The annotated fields of a test class: finding them, checking them before anything starts, and
 * filling them. Every error names the field and says how to fix it.
 */
public final class EmbeddedFields {
  private final Class<? extends Annotation> annotation;
  private final List<Class<?>> supportedTypes;

  /**
   * @param annotation the marker annotation
   * @param supportedTypes the declared field types that can be filled, in the order listed in
   *     error messages
   */
  public EmbeddedFields(Class<? extends Annotation> annotation, List<Class<?>> supportedTypes) {
    this.annotation = annotation;
    this.supportedTypes = List.copyOf(supportedTypes);
  }

  /** The annotated fields of {@code testClass} and its superclasses, superclass fields first. */
  public List<Field> find(Class<?> testClass) {
    return AnnotationSupport.findAnnotatedFields(testClass, annotation,
        f -> true, HierarchyTraversalMode.TOP_DOWN);
  }

  /** The static ones among {@code fields}. */
  public static List<Field> statics(List<Field> fields) {
    return fields.stream().filter(f -> Modifier.isStatic(f.getModifiers())).toList();
  }

  /** The instance ones among {@code fields}. */
  public static List<Field> instances(List<Field> fields) {
    return fields.stream().filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
  }

  /**
   * Checks every field: not final, of a supported type; and, unless {@code mixedAllowed}, not a
   * mix of static and instance fields (the environment is either per class or per test).
   *
   * @throws ExtensionConfigurationException naming the first offending field
   */
  public void check(List<Field> fields, boolean mixedAllowed) {
    String marker = "@" + annotation.getSimpleName();
    for (Field f : fields) {
      if (Modifier.isFinal(f.getModifiers())) {
        throw new ExtensionConfigurationException(marker + " field " + name(f) + " is final; the"
            + " extension assigns it, so remove 'final'");
      }
      if (!supportedTypes.contains(f.getType())) {
        throw new ExtensionConfigurationException(marker + " field " + name(f) + " has type "
            + f.getType().getName() + ", which the embedded environment does not supply; declare"
            + " it as one of " + supportedTypes.stream().map(Class::getSimpleName)
                .collect(Collectors.joining(", ")));
      }
    }
    List<Field> statics = statics(fields);
    List<Field> instances = instances(fields);
    if (!mixedAllowed && !statics.isEmpty() && !instances.isEmpty()) {
      throw new ExtensionConfigurationException(marker + " field " + name(instances.get(0))
          + " is an instance field but " + name(statics.get(0)) + " is static: static fields"
          + " share one environment for the class, instance fields get one per test; make them"
          + " all static or all instance fields");
    }
  }

  /**
   * Fills each field of {@code fields} on {@code target} ({@code null} for static fields) with the
   * part whose type the field declares.
   *
   * @throws ExtensionConfigurationException naming the field when no part fits or it cannot be set
   */
  public void inject(Object target, List<Field> fields, Map<Class<?>, Object> parts) {
    for (Field f : fields) {
      Object value = parts.get(f.getType());
      if (value == null) {
        throw new ExtensionConfigurationException("@" + annotation.getSimpleName() + " field "
            + name(f) + " has type " + f.getType().getSimpleName() + " but this environment has"
            + " none; it supplies " + parts.keySet().stream().map(Class::getSimpleName).sorted()
                .collect(Collectors.joining(", ")));
      }
      try {
        f.setAccessible(true);
        f.set(target, value);
      } catch (IllegalAccessException | InaccessibleObjectException e) {
        throw new ExtensionConfigurationException("@" + annotation.getSimpleName() + " field "
            + name(f) + " cannot be set (" + e.getMessage() + "); make it non-private or open its"
            + " package to the testkit", e);
      }
    }
  }

  /** {@code Declaring.field}, as messages name a field. */
  public static String name(Field f) {
    return f.getDeclaringClass().getSimpleName() + "." + f.getName();
  }
}
