/**
 * Start-up failures as Spring Boot failure analyses: "APPLICATION FAILED TO START" with a
 * description and the action to take, instead of a stack trace (which Boot still logs at debug
 * level). Registered in {@code META-INF/spring.factories}.
 */
package io.flowloader.diagnostics;
