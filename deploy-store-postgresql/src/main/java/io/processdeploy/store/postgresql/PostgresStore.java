package io.processdeploy.store.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.api.spi.Versioned;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A {@link DeploymentStore} in PostgreSQL that several deployment services share: descriptors and
 * applications are rows holding the JSON the file store writes, each with a version for
 * compare-and-set writes, and leases are rows whose expiry the database's clock judges.
 *
 * <p>The store creates and upgrades its tables itself when it is built (with Flyway, history in
 * table {@code processdeploy_schema_history}, so an application's own migrations are left alone).
 * Connections come from a HikariCP pool the store owns, or from a {@link DataSource} passed in.
 *
 * <pre>{@code
 * DeploymentStore store = PostgresStore.builder()
 *     .withJdbcUrl("jdbc:postgresql://db.example.com:5432/processdeploy")
 *     .withUsername("processdeploy")
 *     .withPassword(System.getenv("PROCESSDEPLOY_DB_PASSWORD"))
 *     .build();
 * }</pre>
 *
 * <p>The password is never logged nor put into an exception message.
 */
public final class PostgresStore implements DeploymentStore {
  /** Where the store's Flyway migrations lie on the class path. */
  static final String MIGRATIONS = "classpath:db/migration/processdeploy";
  /** The table of the store's Flyway history. */
  static final String HISTORY_TABLE = "processdeploy_schema_history";

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final String description;
  private final RecordTable<DeploymentDescriptor> descriptors;
  private final RecordTable<Application> applications;
  private final Leases leases;

  private PostgresStore(DataSource dataSource, HikariDataSource ownedPool, String description,
      Sql sql) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.description = description;
    this.descriptors = new RecordTable<>(sql, "processdeploy_descriptor", "a", "descriptor",
        DeploymentDescriptor.class, DeploymentDescriptor::name);
    this.applications = new RecordTable<>(sql, "processdeploy_application", "an", "application",
        Application.class, Application::name);
    this.leases = new Leases(sql);
  }

  /** A builder; give it a JDBC URL (with user and password) or a data source. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "postgresql";
  }

  /** Up when a connection can be had and is valid. */
  @Override
  public ComponentHealth health() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(5)
          ? ComponentHealth.up("store", "postgresql store " + description)
          : ComponentHealth.down("store", "postgresql store " + description
              + ": the connection is not valid");
    } catch (SQLException | RuntimeException e) {
      return ComponentHealth.down("store", "postgresql store " + description
          + " cannot be reached (" + e.getClass().getSimpleName()
          + (e instanceof SQLException s && s.getSQLState() != null
              ? ", SQLState " + s.getSQLState() : "") + ")");
    }
  }

  @Override
  public void insertDescriptor(DeploymentDescriptor descriptor) {
    descriptors.insert(descriptor);
  }

  @Override
  public void replaceDescriptor(DeploymentDescriptor descriptor) {
    descriptors.replace(descriptor);
  }

  @Override
  public long replaceDescriptor(DeploymentDescriptor descriptor, long expectedVersion) {
    return descriptors.replace(descriptor, expectedVersion);
  }

  @Override
  public Optional<Versioned<DeploymentDescriptor>> findVersionedDescriptor(String name) {
    return descriptors.find(name);
  }

  @Override
  public List<DeploymentDescriptor> descriptors() {
    return descriptors.all();
  }

  @Override
  public boolean deleteDescriptor(String name) {
    return descriptors.delete(name);
  }

  @Override
  public boolean deleteDescriptor(String name, long expectedVersion) {
    return descriptors.delete(name, expectedVersion);
  }

  @Override
  public void insertApplication(Application application) {
    applications.insert(application);
  }

  @Override
  public void replaceApplication(Application application) {
    applications.replace(application);
  }

  @Override
  public long replaceApplication(Application application, long expectedVersion) {
    return applications.replace(application, expectedVersion);
  }

  @Override
  public Optional<Versioned<Application>> findVersionedApplication(String name) {
    return applications.find(name);
  }

  @Override
  public List<Application> applications() {
    return applications.all();
  }

  @Override
  public boolean deleteApplication(String name) {
    return applications.delete(name);
  }

  @Override
  public boolean deleteApplication(String name, long expectedVersion) {
    return applications.delete(name, expectedVersion);
  }

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Duration ttl) {
    return leases.tryAcquire(name, owner, ttl);
  }

  @Override
  public Optional<Lease> renewLease(String name, String owner, Duration ttl) {
    return leases.renew(name, owner, ttl);
  }

  @Override
  public List<Lease> renewLeases(Collection<String> names, String owner, Duration ttl) {
    return leases.renewAll(names, owner, ttl);
  }

  @Override
  public boolean releaseLease(String name, String owner) {
    return leases.release(name, owner);
  }

  @Override
  public Optional<Lease> findLease(String name) {
    return leases.find(name);
  }

  @Override
  public List<Lease> leases() {
    return leases.all();
  }

  /** Closes the connection pool the store opened; a data source passed in is left open. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresStore[" + description + "]";
  }

  /** Builds a {@link PostgresStore}: connects, creates or upgrades the tables. */
  public static final class Builder {
    private String jdbcUrl;
    private String username;
    private String password;
    private DataSource dataSource;
    private Clock clock;
    private int maximumPoolSize = 10;

    private Builder() {}

    /** The database, e.g. {@code jdbc:postgresql://db.example.com:5432/processdeploy}. */
    public Builder withJdbcUrl(String value) {
      this.jdbcUrl = value;
      return this;
    }

    /** The database user. */
    public Builder withUsername(String value) {
      this.username = value;
      return this;
    }

    /** The database user's password; it is never logged nor put into a message. */
    public Builder withPassword(String value) {
      this.password = value;
      return this;
    }

    /**
     * Connections from a data source of the application's (instead of a JDBC URL); the store
     * does not close it.
     */
    public Builder withDataSource(DataSource value) {
      this.dataSource = value;
      return this;
    }

    /** The most connections the store's own pool opens (default 10). */
    public Builder withMaximumPoolSize(int value) {
      this.maximumPoolSize = value;
      return this;
    }

    /**
     * Judges lease expiry by {@code value} instead of the database's clock, for tests that move
     * time. Instances sharing a store must not mix the two.
     */
    public Builder withClock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock was not specified");
      return this;
    }

    /**
     * Connects and migrates the tables.
     *
     * @throws ValidationException when neither or both of a JDBC URL and a data source are given,
     *     or the URL is not a PostgreSQL one
     * @throws DeploymentException when the database cannot be reached or migrated
     */
    public PostgresStore build() {
      validate();
      Redaction redaction = new Redaction(password);
      String description = dataSource != null ? "from " + dataSource.getClass().getSimpleName()
          : redaction.apply(Redaction.withoutParameters(jdbcUrl));
      HikariDataSource pool = dataSource == null ? pool(redaction, description) : null;
      DataSource source = dataSource != null ? dataSource : pool;
      try {
        migrate(source, redaction, description);
      } catch (RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
      return new PostgresStore(source, pool, description, new Sql(source, clock, redaction));
    }

    private void validate() {
      if (dataSource == null && (jdbcUrl == null || jdbcUrl.isBlank())) {
        throw new ValidationException("jdbcUrl", "no database given; call withJdbcUrl("
            + "\"jdbc:postgresql://HOST:PORT/DATABASE\") or withDataSource(..)");
      }
      if (dataSource != null && jdbcUrl != null) {
        throw new ValidationException("jdbcUrl", "both a JDBC URL and a data source were given;"
            + " call only one of withJdbcUrl(..) and withDataSource(..)");
      }
      if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new ValidationException("jdbcUrl", "must start with jdbc:postgresql:, was "
            + new Redaction(password).apply(Redaction.withoutParameters(jdbcUrl)));
      }
      if (maximumPoolSize < 1) {
        throw new ValidationException("maximumPoolSize", "must be at least 1, was "
            + maximumPoolSize);
      }
    }

    private HikariDataSource pool(Redaction redaction, String description) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("processdeploy-store");
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(username);
      config.setPassword(password);
      config.setMaximumPoolSize(maximumPoolSize);
      config.setAutoCommit(true);
      try {
        return new HikariDataSource(config);
      } catch (RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw new DeploymentException("cannot connect to the PostgreSQL store " + description
            + ": " + redaction.apply(String.valueOf(root.getMessage())));
      }
    }

    private static void migrate(DataSource source, Redaction redaction, String description) {
      try {
        Flyway.configure(PostgresStore.class.getClassLoader())
            .dataSource(source)
            .locations(MIGRATIONS)
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
      } catch (FlywayException e) {
        throw new DeploymentException("cannot create or upgrade the tables of the PostgreSQL"
            + " store " + description + ": " + redaction.apply(String.valueOf(e.getMessage())));
      }
    }
  }
}
