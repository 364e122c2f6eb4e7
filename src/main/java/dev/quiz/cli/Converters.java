package dev.quiz.cli;

import dev.quiz.arch.Arch;
import dev.quiz.profile.HostDir;
import dev.quiz.profile.Units;
import dev.quiz.profile.VmLimits;
import dev.quiz.vm.Share;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Typed option values, checked while the command line is parsed: a bad one is a one-line usage
 * error naming the option, before anything starts.
 */
final class Converters {
    private Converters() {
    }

    private static <T> T convert(String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** A guest's memory, such as 1G or 2048M, within {@link VmLimits}. */
    static final class GuestMemory implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return Converters.convert(text, t -> VmLimits.memory(Units.parseSize(t)));
        }
    }

    /** A guest's CPU count, within {@link VmLimits}. */
    static final class GuestCpus implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return Converters.convert(text, t -> {
                if (!t.strip().matches("-?\\d{1,9}")) {
                    throw new IllegalArgumentException("'" + t + "' is not a whole number");
                }
                return VmLimits.cpus(Long.parseLong(t.strip()));
            });
        }
    }

    /** How the work dir reaches the guest: 9p or virtiofs, in any case. */
    static final class ShareTransport implements ITypeConverter<Share.Transport> {
        @Override
        public Share.Transport convert(String text) {
            for (Share.Transport t : Share.Transport.values()) {
                if (t.guestName().equalsIgnoreCase(text.strip())) {
                    return t;
                }
            }
            throw new TypeConversionException("'" + text + "': use 9p or virtiofs");
        }
    }

    /** An architecture: arm64 or x86_64, or aarch64 or amd64 as uname and Debian say. */
    static final class ArchName implements ITypeConverter<Arch> {
        @Override
        public Arch convert(String text) {
            return Converters.convert(text, Arch::parse);
        }
    }

    /** A host directory for the guest: HOST[:GUEST][:ro|rw]. */
    static final class Dir implements ITypeConverter<HostDir> {
        @Override
        public HostDir convert(String text) {
            return Converters.convert(text, t -> HostDir.parse(t, Path.of(System.getProperty("user.home"))));
        }
    }

    /** A duration such as 90s, 5m or 1h30m. */
    static final class Span implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return Converters.convert(text, Units::parseDuration);
        }
    }
}
