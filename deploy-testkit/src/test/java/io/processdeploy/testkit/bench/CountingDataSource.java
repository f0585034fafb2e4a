package io.processdeploy.testkit.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A data source that counts the statements run through it (each a round trip to the database)
 * and that can be cut off, as the network of a killed instance is.
 */
final class CountingDataSource {
  final AtomicLong statements = new AtomicLong();
  final AtomicBoolean cut = new AtomicBoolean();
  final DataSource dataSource;

  CountingDataSource(DataSource delegate) {
    this.dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            if (cut.get()) {
              throw new SQLException("the database cannot be reached", "08001");
            }
            return counting((Connection) invoke(method, delegate, args));
          }
          return invoke(method, delegate, args);
        });
  }

  private Connection counting(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")
              || method.getName().equals("createStatement")) {
            statements.incrementAndGet();
          }
          return invoke(method, connection, args);
        });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
