/**
 * Amend's stable plugin contract.
 *
 * <p>Four plugin types share one shape, {@link dev.amend.api.NamedProvider}: a cheap, named factory found by
 * {@link java.util.ServiceLoader} that turns typed, validated {@link dev.amend.api.HParams} into the real thing:
 * an {@link dev.amend.api.edit.EditMethod}, a {@link dev.amend.api.model.ModelAdapter}, a
 * {@link dev.amend.api.metric.Metric} or a {@link dev.amend.api.train.Trainer}.
 *
 * <p>This module depends only on DJL's {@code api} and {@code jackson-annotations}; nothing here starts an
 * engine, reads a file or knows about Guice, the registry or the harness.
 */
package dev.amend.api;
