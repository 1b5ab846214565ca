package dev.amend.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tutorial program the way its page tells the reader to: {@code java -cp CLASSPATH path/to/Program.java} from
 * the checkout's root (Java's single-file source launcher), so that the page's command is checked too.
 */
final class TutorialProgram {

    private static final Path SOURCES = Path.of("tutorials/src/main/java/dev/amend/tutorials");

    private TutorialProgram() {}

    /** The program's standard output; fails the test when it exits with an error (its output in the message). */
    static String run(String program, String... args) throws IOException, InterruptedException {
        Path source = SOURCES.resolve(program + ".java");
        assertThat(source).as("run from the checkout's root").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Dai.djl.offline=true", "-cp",
                classPathWithout(program), source.toString()));
        command.addAll(Arrays.asList(args));
        Path log = Files.createTempFile("tutorial-" + program, ".err");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(program + " finished").isTrue();
        String err = Files.readString(log);
        Files.delete(log);
        assertThat(process.exitValue()).as(program + " exit status; output:\n" + out + "\nerrors:\n" + err).isZero();
        return out;
    }

    /**
     * This JVM's class path less the tutorials' own compiled classes: the source launcher refuses to run a file whose
     * class is already on the class path.
     */
    private static String classPathWithout(String program) {
        String path = "dev/amend/tutorials/" + program + ".class";
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Files.exists(Path.of(entry).resolve(path)))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }
}
