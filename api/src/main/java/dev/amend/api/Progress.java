package dev.amend.api;

/**
 * Where long work reports how far it has got. Front ends draw progress bars; tests and batch jobs use
 * {@link #NONE}.
 */
public interface Progress {

    /** Reports nothing. */
    Progress NONE = new Silent();

    /**
     * {@return a new task of {@code total} steps (or -1 when unknown)} Close the task when it ends.
     *
     * @param label what the task is, as the display shows it
     * @param total units of work in all
     */
    Task begin(String label, long total);

    /**
     * {@return a task of which {@code done} steps were finished by an earlier run (a resumed job), so that its
     * rate and ETA count only this run's work}
     *
     * @param label what the task is, as the display shows it
     * @param total units of work in all
     * @param done units already done (by an earlier run that is being resumed)
     */
    default Task resume(String label, long total, long done) {
        Task task = begin(label, total);
        task.advance(done);
        return task;
    }

    /** One running task. */
    interface Task extends AutoCloseable {
        /**
         * Records {@code steps} more steps done.
         *
         * @param steps units just finished
         */
        void advance(long steps);

        /**
         * Shows a short status, such as the current loss.
         *
         * @param text a short status, such as the current loss
         */
        void status(String text);

        @Override
        void close();
    }

    /** The progress display that shows nothing, and its tasks. */
    record Silent() implements Progress, Task {
        @Override
        public Task begin(String label, long total) {
            return this;
        }

        @Override
        public void advance(long steps) {}

        @Override
        public void status(String text) {}

        @Override
        public void close() {}
    }
}
