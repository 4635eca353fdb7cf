package io.github.camelpop3ingest.main;

import java.util.Map;

import io.github.camelpop3ingest.sink.DeliveryOutcomes;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** A sink's health: DOWN while the last message it was given failed (it is being retried or was quarantined). */
final class SinkHealthCheck extends AbstractHealthCheck {

    private final String sink;
    private final DeliveryOutcomes outcomes;

    SinkHealthCheck(String sink, DeliveryOutcomes outcomes) {
        super("pop3-ingest", "sink:" + sink);
        this.sink = sink;
        this.outcomes = outcomes;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("sink", sink);
        DeliveryOutcomes.SinkState state = outcomes.sinkStates().get(sink);
        if (state == null) {
            builder.message("No message delivered yet").up();
            return;
        }
        builder.detail("last.at", state.at().toString());
        if (state.confirmed()) {
            builder.up();
        } else {
            builder.message(state.error()).down();
        }
    }
}
