package io.k6bridge.output.builtin;

import io.k6bridge.output.OutputFactory;

/**
 * A factory of one of k6bridge's own outputs, found through its own service file ({@code
 * META-INF/services/io.k6bridge.output.builtin.BuiltinOutputFactory}). Its outputs are trusted to
 * return at once and run inline on the engine thread; every factory registered as a plug-in ({@code
 * META-INF/services/io.k6bridge.output.OutputFactory}) runs isolated behind its own buffer and
 * thread, whatever its package. Not part of the plug-in contract.
 */
public interface BuiltinOutputFactory extends OutputFactory {}
