package dev.arena.run;

import dev.arena.eval.PrebuiltImages;
import dev.arena.gcp.RegistryCredentials;

/** The images a plan asks for: pinned prebuilt ones, pulled with the machine's Google credentials where needed. */
final class PlanImages {
    private PlanImages() {
    }

    static PrebuiltImages of(RunPlan plan) {
        return plan.prebuiltImages()
                ? new PrebuiltImages(true, plan.pinnedImages(), RegistryCredentials::forRepository)
                : PrebuiltImages.NONE;
    }
}
