package io.processdeploy.testkit.assertions;

import io.processdeploy.api.Links;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an application's {@link Links}. */
public final class LinksAssert extends AbstractAssert<LinksAssert, Links> {
  LinksAssert(Links actual) {
    super(actual, LinksAssert.class);
  }

  /** The gateway URL contains {@code fragment}, e.g. the application name. */
  public LinksAssert hasGatewayContaining(String fragment) {
    isNotNull();
    Objects.requireNonNull(fragment, "fragment was not specified");
    if (!actual.gateway().toString().contains(fragment)) {
      failWithMessage("Expected the gateway link to contain <%s> but it is <%s>", fragment,
          actual.gateway());
    }
    return this;
  }

  /** A Process Workspace link is present. */
  public LinksAssert hasProcessWorkspace() {
    isNotNull();
    if (actual.processWorkspace() == null) {
      failWithMessage("Expected a Process Workspace link but there is none: %s", actual);
    }
    return this;
  }

  /** No Process Workspace link: the release has no such UI. */
  public LinksAssert hasNoProcessWorkspace() {
    isNotNull();
    if (actual.processWorkspace() != null) {
      failWithMessage("Expected no Process Workspace link but there is <%s>",
          actual.processWorkspace());
    }
    return this;
  }

  /** A Content App link is present. */
  public LinksAssert hasContentApp() {
    isNotNull();
    if (actual.contentApp() == null) {
      failWithMessage("Expected a Content App link but there is none: %s", actual);
    }
    return this;
  }

  /** No Content App link: the release has no such UI. */
  public LinksAssert hasNoContentApp() {
    isNotNull();
    if (actual.contentApp() != null) {
      failWithMessage("Expected no Content App link but there is <%s>", actual.contentApp());
    }
    return this;
  }
}
