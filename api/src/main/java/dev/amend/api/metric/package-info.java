/** Metrics: pure functions of the unedited model's observations, the edited model and a request. */
package dev.amend.api.metric;
