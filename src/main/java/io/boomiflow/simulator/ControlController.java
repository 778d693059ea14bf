package io.boomiflow.simulator;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator-only control API under {@code /__sim/} (never a Boomi path): reset, seed, faults,
 * mutation and the request log. Unauthenticated by design; the simulator is a test tool.
 */
@RestController
@RequestMapping("/__sim")
class ControlController {

  private final SimulatorControl sim;

  ControlController(SimulatorControl sim) {
    this.sim = sim;
  }

  @GetMapping("/status")
  Map<String, Object> status() {
    return sim.status();
  }

  @PostMapping("/reset")
  Map<String, Object> reset(@RequestParam(required = false) Long seed) {
    if (seed != null) {
      sim.setSeed(seed);
    }
    sim.reset();
    return sim.status();
  }

  @PostMapping("/seed")
  Map<String, Object> seed(@RequestParam long value) {
    sim.setSeed(value);
    return sim.status();
  }

  @GetMapping("/faults")
  List<Map<String, Object>> faults() {
    return sim.faults();
  }

  @PostMapping("/faults")
  ResponseEntity<Map<String, Object>> addFault(@RequestBody FaultSpec spec) {
    if (spec.kind() == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "kind is required"));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", sim.addFault(spec)));
  }

  @DeleteMapping("/faults")
  ResponseEntity<Void> clearFaults() {
    sim.clearFaults();
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/faults/{id}")
  ResponseEntity<Void> removeFault(@PathVariable long id) {
    return sim.removeFault(id)
        ? ResponseEntity.noContent().build()
        : ResponseEntity.notFound().build();
  }

  @GetMapping("/mutation")
  Map<String, Object> mutation() {
    return Map.of("enabled", sim.mutationEnabled());
  }

  @PostMapping("/mutation")
  Map<String, Object> mutation(@RequestParam boolean enabled) {
    sim.setMutationEnabled(enabled);
    return Map.of("enabled", sim.mutationEnabled());
  }

  @PostMapping("/mutation/tick")
  Map<String, Object> tick(
      @RequestParam(required = false) String tenant, @RequestParam(defaultValue = "1") int count) {
    sim.tick(tenant, count);
    return sim.status();
  }

  @GetMapping("/requests")
  List<RequestLogEntry> requests(@RequestParam(defaultValue = "0") long after) {
    return sim.requests(after);
  }

  @DeleteMapping("/requests")
  ResponseEntity<Void> clearRequests() {
    sim.clearRequests();
    return ResponseEntity.noContent().build();
  }
}
