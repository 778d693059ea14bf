/**
 * Incremental cursor state per tenant × resource (× parent key), read at load start and advanced
 * only inside the commit transaction ({@link io.flowloader.state.StateStore}).
 */
package io.flowloader.state;
