package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class TestSluiceUrl {
  @Test
  void parsesHostPortSchemaAndProperties() throws SQLException {
    SluiceUrl url =
        SluiceUrl.parse("jdbc:sluice://gateway.example:9000/tpch?catalog=lakehouse&x=a%20b");

    assertThat(url.host()).isEqualTo("gateway.example");
    assertThat(url.port()).isEqualTo(9000);
    assertThat(url.schema()).isEqualTo("tpch");
    assertThat(url.properties()).containsEntry("catalog", "lakehouse").containsEntry("x", "a b");
    assertThat(url.endpoint(false)).isEqualTo("http://gateway.example:9000/");
    assertThat(url.endpoint(true)).isEqualTo("https://gateway.example:9000/");
  }

  @Test
  void defaultsToPort8765WithoutSchema() throws SQLException {
    SluiceUrl url = SluiceUrl.parse("jdbc:sluice://localhost");

    assertThat(url.port()).isEqualTo(8765);
    assertThat(url.schema()).isNull();
    assertThat(url.endpoint(false)).isEqualTo("http://localhost:8765/");
  }

  @Test
  void rejectsUrlsItCannotRead() {
    assertThatThrownBy(() -> SluiceUrl.parse("jdbc:sluice:localhost:8765"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("jdbc:sluice://host[:port]");
    assertThatThrownBy(() -> SluiceUrl.parse("jdbc:sluice://localhost:http"))
        .hasMessageContaining("port 'http' is not a number");
  }

  @Test
  void secretsInTheQueryAreMaskedInMessagesAndToString() throws SQLException {
    assertThatThrownBy(
            () -> SluiceUrl.parse("jdbc:sluice://localhost:http?user=alice&password=hunter2"))
        .hasMessage(
            "Cannot parse jdbc:sluice://localhost:http?user=alice&password=***: port 'http' is not"
                + " a number");
    assertThatThrownBy(() -> SluiceUrl.parse("jdbc:sluice:localhost?token=abc&ssl=true"))
        .hasMessageStartingWith("Cannot parse jdbc:sluice:localhost?token=***&ssl=true: ");

    SluiceUrl url = SluiceUrl.parse("jdbc:sluice://gw:1/tpch?user=alice&password=hunter2&token=t");
    assertThat(url.toString())
        .isEqualTo(
            "SluiceUrl[address=gw:1, schema=tpch, properties={password=***, token=***,"
                + " user=alice}]");
  }

  @Test
  void isRegisteredThroughTheServiceLoader() throws SQLException {
    Driver driver = DriverManager.getDriver("jdbc:sluice://localhost:8765");

    assertThat(driver).isInstanceOf(SluiceDriver.class);
    assertThat(Collections.list(DriverManager.getDrivers()))
        .anyMatch(SluiceDriver.class::isInstance);
    assertThat(driver.acceptsURL("jdbc:avatica:remote:url=http://x")).isFalse();
  }
}
