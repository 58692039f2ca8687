package dev.latent.examples.commands;

import dev.latent.datasets.transforms.Transform;
import dev.latent.models.Corruption;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code denoising-ae}: the conv autoencoder trained on corrupted inputs against the clean images. Its pictures
 * show original | noisy | reconstructed rows, and the summary compares the denoised MSE with the noisy inputs' own.
 */
@Command(name = "denoising-ae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the denoising autoencoder (corrupted input, clean target) and write"
            + " reconstructions.png (original | noisy | reconstructed), loss-curves.png, latent-map.png,"
            + " random-codes.png, denoising-ae.safetensors, metrics.csv/json and summary.json."})
public final class DenoisingAeCommand extends ConvAeCommand {
    /** How inputs are corrupted. */
    @Option(names = "--corruption", paramLabel = "KIND:AMOUNT", defaultValue = "gaussian:0.3",
            converter = CorruptionConverter.class,
            description = "gaussian:STD (noise clipped to [0, 1]), salt-and-pepper:P or mask:P"
                    + " (default: ${DEFAULT-VALUE}).")
    Corruption corruption;

    /** Creates the command. */
    public DenoisingAeCommand() {
    }

    @Override
    protected String name() {
        return "denoising-ae";
    }

    @Override
    protected Transform corruption() {
        return corruption.transform();
    }

    @Override
    protected String modelName() {
        return "DenoisingAutoencoder(latentDim=" + common.latentDim + ", corruption=" + corruption + ")";
    }

    /** Parses {@code --corruption} with {@link Corruption#parse}. */
    public static final class CorruptionConverter implements ITypeConverter<Corruption> {
        /** Creates the converter. */
        public CorruptionConverter() {
        }

        @Override
        public Corruption convert(String value) {
            try {
                return Corruption.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
