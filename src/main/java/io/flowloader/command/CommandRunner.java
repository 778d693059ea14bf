package io.flowloader.command;

import io.flowloader.extract.ExtractOptions;
import io.flowloader.extract.Extractor;
import io.flowloader.extract.RateLimiters;
import io.flowloader.load.Loader;
import io.flowloader.pipeline.LoadPipeline;
import io.flowloader.pipeline.PipelineProperties;
import io.flowloader.source.SourceDefinition;
import io.flowloader.state.StateStore;
import io.flowloader.tenant.Tenant;
import io.flowloader.tenant.TenantRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * Runs the command named by {@code flowloader.command} once the context has started, on the tenants
 * named after it on the command line ({@code check acme globex}) or every enabled tenant, and
 * reports 0 or 1 as the exit code. {@code FlowLoaderApplication} exits with it.
 */
public class CommandRunner implements ApplicationRunner, ExitCodeGenerator {

  /** The commands, as typed first on the command line. */
  public static final Set<String> COMMANDS = Set.of("check", "resources", "dry-run");

  private final String command;
  private final TenantRegistry tenants;
  private final SourceDefinition source;
  private final RateLimiters rateLimiters;
  private final Extractor extractor;
  private final Loader loader;
  private final StateStore state;
  private final ExtractOptions options;
  private final PrintStream out = System.out;
  private volatile int exitCode;

  CommandRunner(
      String command,
      TenantRegistry tenants,
      SourceDefinition source,
      RateLimiters rateLimiters,
      Extractor extractor,
      Loader loader,
      StateStore state,
      PipelineProperties properties) {
    this.command = command;
    this.tenants = tenants;
    this.source = source;
    this.rateLimiters = rateLimiters;
    this.extractor = extractor;
    this.loader = loader;
    this.state = state;
    this.options = properties.http().toOptions();
  }

  /** The command named first among {@code args}, or null when the service should run. */
  public static String commandOf(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return COMMANDS.contains(a) ? a : null;
      }
    }
    return null;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<String> names = new ArrayList<>(args.getNonOptionArgs());
    names.remove(command);
    List<Tenant> chosen = new ArrayList<>();
    boolean unknown = false;
    if (names.isEmpty()) {
      chosen.addAll(tenants.enabled());
    } else {
      for (String name : names) {
        var found = tenants.find(name);
        if (found.isPresent()) {
          chosen.add(found.get());
        } else {
          out.println(command + ": unknown tenant '" + name + "'");
          unknown = true;
        }
      }
    }
    if (chosen.isEmpty() && !"resources".equals(command)) {
      out.println(command + ": no tenant to work on (configure flowloader.tenants)");
      exitCode = 1;
      return;
    }
    int code =
        switch (command) {
          case "check" -> new CheckCommand(source, rateLimiters, options).run(chosen, out);
          case "resources" -> ResourcesCommand.run(source, chosen, out);
          case "dry-run" ->
              new DryRunCommand(source, extractor, loader, state, options)
                  .run(chosen, LoadPipeline.SCHEMA_NAME, out);
          default -> throw new IllegalStateException("unknown command " + command);
        };
    exitCode = unknown ? 1 : code;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
