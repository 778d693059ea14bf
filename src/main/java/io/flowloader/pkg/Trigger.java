package io.flowloader.pkg;

/** What started a load: its tenant's schedule or a manual request ({@code POST /loads}). */
public enum Trigger {
  SCHEDULE,
  MANUAL
}
