package dev.latent.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code mnist} / {@code fashion-mnist} for picocli, with a message that lists the choices. */
public final class DatasetNameConverter implements ITypeConverter<CommonOptions.DatasetName> {
    /** Creates the converter (picocli instantiates it). */
    public DatasetNameConverter() {
    }

    @Override
    public CommonOptions.DatasetName convert(String value) {
        try {
            return CommonOptions.DatasetName.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
