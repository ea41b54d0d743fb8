package dev.arena.run;

import dev.arena.eval.PrebuiltImages;
import dev.arena.sandbox.RegistryLogin;

import java.util.function.Function;

/** The images a plan asks for: pinned prebuilt ones, pulled with the logins the wiring chose (the machine's Google credentials in production). */
final class PlanImages {
    private PlanImages() {
    }

    /** @param logins the login for an image repository, or null for an anonymous pull */
    static PrebuiltImages of(RunPlan plan, Function<String, RegistryLogin> logins) {
        return plan.prebuiltImages()
                ? new PrebuiltImages(true, plan.pinnedImages(), logins)
                : PrebuiltImages.NONE;
    }
}
