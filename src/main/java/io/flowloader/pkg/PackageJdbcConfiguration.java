package io.flowloader.pkg;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;

/**
 * Spring Data JDBC conversions for the {@code flowloader} schema: enums as their lower-case names
 * (what the tables' CHECK constraints allow) and {@link JsonText} as {@code json} (stored in {@code
 * jsonb} columns, except the order-preserving {@code json} column {@code final_schema}).
 */
@Configuration(proxyBeanMethods = false)
class PackageJdbcConfiguration {

  /**
   * Readiness's database check, answering within a few seconds also when the database stops
   * answering (the pool's connection timeout covers a refused connection, this a silent one).
   */
  @Bean
  DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
    return new DataSourceHealthIndicator(
        new ReadTimeoutDataSource(dataSource, LoadSummaries.READ_TIMEOUT), "SELECT 1");
  }

  @Bean
  JdbcCustomConversions jdbcCustomConversions() {
    return new JdbcCustomConversions(
        List.of(
            new JsonTextWriter(),
            new JsonTextReader(),
            new StatusWriter(),
            new TriggerWriter(),
            new JobStatusWriter(),
            new StatusReader(),
            new TriggerReader(),
            new JobStatusReader()));
  }

  @WritingConverter
  static final class JsonTextWriter implements Converter<JsonText, PGobject> {
    @Override
    public PGobject convert(JsonText source) {
      PGobject json = new PGobject();
      // Bound as json, which keeps the text verbatim for the json column final_schema; jsonb
      // columns take it by assignment cast.
      json.setType("json");
      try {
        json.setValue(source.json());
      } catch (SQLException e) {
        throw new IllegalArgumentException(e);
      }
      return json;
    }
  }

  @ReadingConverter
  static final class JsonTextReader implements Converter<PGobject, JsonText> {
    @Override
    public JsonText convert(PGobject source) {
      return JsonText.of(source.getValue());
    }
  }

  @WritingConverter
  static final class StatusWriter implements Converter<PackageStatus, String> {
    @Override
    public String convert(PackageStatus source) {
      return source.name().toLowerCase(Locale.ROOT);
    }
  }

  @WritingConverter
  static final class TriggerWriter implements Converter<Trigger, String> {
    @Override
    public String convert(Trigger source) {
      return source.name().toLowerCase(Locale.ROOT);
    }
  }

  @WritingConverter
  static final class JobStatusWriter implements Converter<JobStatus, String> {
    @Override
    public String convert(JobStatus source) {
      return source.name().toLowerCase(Locale.ROOT);
    }
  }

  @ReadingConverter
  static final class StatusReader implements Converter<String, PackageStatus> {
    @Override
    public PackageStatus convert(String source) {
      return PackageStatus.valueOf(source.toUpperCase(Locale.ROOT));
    }
  }

  @ReadingConverter
  static final class TriggerReader implements Converter<String, Trigger> {
    @Override
    public Trigger convert(String source) {
      return Trigger.valueOf(source.toUpperCase(Locale.ROOT));
    }
  }

  @ReadingConverter
  static final class JobStatusReader implements Converter<String, JobStatus> {
    @Override
    public JobStatus convert(String source) {
      return JobStatus.valueOf(source.toUpperCase(Locale.ROOT));
    }
  }
}
