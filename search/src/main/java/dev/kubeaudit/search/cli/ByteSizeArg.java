package dev.kubeaudit.search.cli;

import dev.kubeaudit.agent.config.ByteSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A byte count as size flags take it: {@code 10737418240}, {@code 500Mi}, {@code 10Gi} (the config's sizes). Stateless. */
final class ByteSizeArg implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' (expected: " + ByteSize.EXPECTED + ")");
        }
    }
}
