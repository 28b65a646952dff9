package dev.kubeaudit.shipper.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartPlanTest {
    @ParameterizedTest
    @CsvSource({
            // size MiB, threshold MiB, part MiB, parts, last part MiB
            "40, 16, 16, 3, 8",
            "6144, 5120, 64, 96, 64",
            "100, 5, 5, 20, 5",
    })
    void cutsIntoPartsOfAtMostTheThresholdAnd64MiB(long sizeMiB, long thresholdMiB, long partMiB, int parts,
                                                    long lastMiB) {
        PartPlan plan = PartPlan.of(sizeMiB << 20, thresholdMiB << 20);
        assertThat(plan.partSize()).isEqualTo(partMiB << 20);
        assertThat(plan.count()).isEqualTo(parts);
        assertThat(plan.length(parts - 1)).isEqualTo(lastMiB << 20);
        assertThat(plan.offset(parts - 1) + plan.length(parts - 1)).isEqualTo(sizeMiB << 20);
    }

    @ParameterizedTest
    @CsvSource({"5497558138880, 5120"})
    void staysWithinTenThousandParts(long size, long thresholdMiB) {
        assertThat(PartPlan.of(size, thresholdMiB << 20).count()).isLessThanOrEqualTo(10_000);
    }
}
