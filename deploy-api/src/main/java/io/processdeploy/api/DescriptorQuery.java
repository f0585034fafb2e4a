package io.processdeploy.api;

import java.time.Instant;

/**
 * Filters and paging for listing descriptors. Every filter is optional ({@code null}).
 *
 * @param nameContains keep names containing this text
 * @param status keep descriptors whose application is in this status
 * @param createdAfter keep descriptors created at or after this instant
 * @param createdBefore keep descriptors created before this instant
 * @param page zero-based page number
 * @param size page size, 1-1000
 */
public record DescriptorQuery(String nameContains, ApplicationStatus status, Instant createdAfter,
    Instant createdBefore, int page, int size) {
  /** Everything, first page of 100. */
  public static final DescriptorQuery ALL = new DescriptorQuery(null, null, null, null, 0, 100);

  /** Validates. */
  public DescriptorQuery {
    if (page < 0) {
      throw new ValidationException("page", "must be 0 or more");
    }
    if (size < 1 || size > 1000) {
      throw new ValidationException("size", "must be between 1 and 1000");
    }
  }

  /** A copy filtering on a name fragment. */
  public DescriptorQuery withNameContains(String text) {
    return new DescriptorQuery(text, status, createdAfter, createdBefore, page, size);
  }

  /** A copy filtering on status. */
  public DescriptorQuery withStatus(ApplicationStatus value) {
    return new DescriptorQuery(nameContains, value, createdAfter, createdBefore, page, size);
  }

  /** A copy filtering on creation time, either bound {@code null}. */
  public DescriptorQuery withCreatedBetween(Instant after, Instant before) {
    return new DescriptorQuery(nameContains, status, after, before, page, size);
  }

  /** A copy asking for another page. */
  public DescriptorQuery withPage(int pageNumber, int pageSize) {
    return new DescriptorQuery(nameContains, status, createdAfter, createdBefore, pageNumber,
        pageSize);
  }
}
