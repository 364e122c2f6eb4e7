package dev.quiz.build;

/** Receives what a build prints and how far it has got. */
public interface BuildListener {
    /** A line of the build's own output (compiler, make, mmdebstrap). */
    void line(String line);

    /** A short status: what the build is doing now. */
    void progress(String status);

    BuildListener SILENT = new BuildListener() {
        @Override
        public void line(String line) {
        }

        @Override
        public void progress(String status) {
        }
    };
}
