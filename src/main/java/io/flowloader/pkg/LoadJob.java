package io.flowloader.pkg;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One table's share of a load package: how many rows were staged for it and what became of them.
 */
@Table(schema = "flowloader", name = "load_job")
public record LoadJob(String tableName, long rows, JobStatus status, String error) {

  public LoadJob withStatus(JobStatus newStatus, String newError) {
    return new LoadJob(tableName, rows, newStatus, newError);
  }
}
