package dev.amend.harness;

import dev.amend.api.Progress;
import java.time.Duration;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars with an ETA. On a terminal they redraw in place; elsewhere (CI logs, files) they print a plain
 * ASCII line every few seconds, so that logs do not fill with carriage returns and colour codes.
 */
public final class ConsoleProgress implements Progress {

    private final Consumer<String> lines;
    private final int intervalMillis;

    private ConsoleProgress(Consumer<String> lines, int intervalMillis) {
        this.lines = lines;
        this.intervalMillis = intervalMillis;
    }

    /** Bars on standard error: redrawn in place on a terminal, plain lines every 5 s otherwise. */
    public static Progress forStandardError() {
        return System.console() != null ? new ConsoleProgress(null, 200) : lines(System.err::println, 5000);
    }

    /** Plain ASCII lines to {@code sink}, at most one per {@code intervalMillis} and one at the end. */
    public static Progress lines(Consumer<String> sink, int intervalMillis) {
        return new ConsoleProgress(sink, intervalMillis);
    }

    @Override
    public Task begin(String label, long total) {
        return resume(label, total, 0);
    }

    @Override
    public Task resume(String label, long total, long done) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(total)
                .startsFrom(done, Duration.ZERO)
                .setUpdateIntervalMillis(intervalMillis);
        if (lines != null) {
            builder.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(lines, 160));
        }
        ProgressBar bar = builder.build();
        return new Task() {
            @Override
            public void advance(long steps) {
                bar.stepBy(steps);
            }

            @Override
            public void status(String text) {
                bar.setExtraMessage(text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
