package dev.arena.sandbox;

import dev.arena.testing.FakeSandboxProvider;

/**
 * The {@link SandboxProviderContract} on {@link FakeSandboxProvider}: the unit tests' provider
 * must behave like the real one, or the tests written against it prove nothing. The Docker half
 * is {@link SandboxProviderContractIT}.
 */
class SandboxProviderContractTest extends SandboxProviderContract {
    @Override
    protected SandboxProvider open() {
        return new FakeSandboxProvider();
    }

    @Override
    protected SandboxProvider failingBuilds(SandboxProvider provider, ImageSource source) {
        return new FakeSandboxProvider().failBuild("image build failed: The command '/bin/sh -c exit 3' returned a non-zero code: 3",
                "Step 2/2 : RUN echo contract-step-fails && exit 3\ncontract-step-fails\n");
    }

    @Override
    protected String baseImage() {
        return "arena-base:bookworm";
    }
}
