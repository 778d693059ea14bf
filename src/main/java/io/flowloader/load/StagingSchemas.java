package io.flowloader.load;

import io.flowloader.pkg.LoadPackage;
import io.flowloader.pkg.LoadPackages;
import org.springframework.jdbc.core.JdbcTemplate;

/** Drops a package's staging schema and records why the package ended without a commit. */
final class StagingSchemas {

  private StagingSchemas() {}

  static void drop(JdbcTemplate jdbc, LoadPackage pkg) {
    jdbc.execute("DROP SCHEMA IF EXISTS " + Sql.quote(pkg.stagingSchema()) + " CASCADE");
  }

  static LoadPackage abort(JdbcTemplate jdbc, LoadPackages packages, LoadPackage pkg, String why) {
    drop(jdbc, pkg);
    return packages.markAborted(pkg, why);
  }

  static LoadPackage fail(JdbcTemplate jdbc, LoadPackages packages, LoadPackage pkg, String why) {
    drop(jdbc, pkg);
    return packages.markFailed(pkg, why);
  }
}
