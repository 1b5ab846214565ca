package dev.amend.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code amend classpath}: the class path of Amend's distribution (every JAR, engine included), to run your own Java
 * against it: {@code java -Dai.djl.offline=true -cp "$(./amend classpath)" MyEdit.java}.
 */
@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = "Print the distribution's class path, for java -cp \"$(./amend classpath)\" YourProgram.java.")
public final class ClasspathCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(System.getProperty("java.class.path"));
        return 0;
    }
}
