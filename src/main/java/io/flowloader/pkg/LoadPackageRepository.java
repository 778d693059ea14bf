package io.flowloader.pkg;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC repository of {@link LoadPackage} aggregates. */
public interface LoadPackageRepository extends ListCrudRepository<LoadPackage, Long> {

  List<LoadPackage> findByTenantAndStatusInOrderById(
      String tenant, Collection<PackageStatus> statuses);

  Optional<LoadPackage> findByLoadId(String loadId);

  List<LoadPackage> findByTenantOrderByIdDesc(String tenant);
}
