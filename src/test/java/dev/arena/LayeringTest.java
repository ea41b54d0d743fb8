package dev.arena;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.arena.layeringfixture.a.A;
import dev.arena.layeringfixture.b.B;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layering, checked on the compiled production classes (target/classes) rather than
 * described only in prose: the layering sentence of docs/ARCHITECTURE.md cannot drift from the code,
 * because this test fails on a package cycle, on a dependency that points up the list below, and on
 * a package that is not in the list at all. Fully qualified names used inline count: this reads bytecode.
 */
class LayeringTest {

    static final String ROOT = "dev.arena";

    /**
     * Top to bottom; each package may depend only on packages below it. "(root)" is dev.arena itself,
     * and a subpackage is its own entry. The same list, in the same order, is in docs/ARCHITECTURE.md:
     * change both together.
     */
    static final List<String> LAYERS = List.of(
            "cli", "gcp", "k8s", "report", "run", "images", "transfer", "eval", "eval.tests",
            "agent.gladiator", "agent.cli", "agent", "gateway", "agent.llm", "sandbox", "store", "dataset", "result", "config",
            "(root)");

    static {
        // Cycles multiply: name a few, with one dependency per edge (dependenciesPointDownTheList names every edge).
        ArchConfiguration.get().setProperty("cycles.maxNumberToDetect", "5");
        ArchConfiguration.get().setProperty("cycles.maxNumberOfDependenciesPerEdge", "1");
    }

    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void importsTheProductionClassesOnly() {
        assertTrue(PRODUCTION.contain(dev.arena.cli.Main.class));
        assertFalse(PRODUCTION.contain(A.class));
        assertEquals(List.of(), PRODUCTION.stream().map(c -> c.getSource().map(s -> s.getUri().toString()).orElse(c.getName()))
                .filter(source -> !source.contains("/target/classes/")).toList());
    }

    @Test
    void noPackageCycles() {
        noCycles(ROOT).check(PRODUCTION);
    }

    @Test
    void everyPackageIsInTheList() {
        Set<String> unlisted = unlisted(PRODUCTION, ROOT, LAYERS);
        assertTrue(unlisted.isEmpty(), "packages not in LayeringTest.LAYERS: " + unlisted
                + ". Add each to the list (and to docs/ARCHITECTURE.md) where it belongs: above what it uses, below what uses it");
    }

    @Test
    void dependenciesPointDownTheList() {
        pointDown(ROOT, LAYERS).check(PRODUCTION);
    }

    @Test
    void libraryTypesStayInTheirPackage() {
        CompositeArchRule.of(onlyIn("dev.arena.cli", "picocli.."))
                .and(onlyIn("dev.arena.sandbox", "com.github.dockerjava.."))
                .and(onlyIn("dev.arena.k8s", "io.kubernetes.client.."))
                .check(PRODUCTION);
    }

    /** The same rules on two fixture packages that use each other (b -> a by an inline qualified name). */
    @Test
    void theRulesCatchACycleAndAnUpwardDependency() {
        String root = "dev.arena.layeringfixture";
        List<String> layers = List.of("a", "b");
        JavaClasses both = new ClassFileImporter().importClasses(A.class, B.class);
        AssertionError cycle = assertThrows(AssertionError.class, () -> noCycles(root).check(both));
        assertTrue(cycle.getMessage().contains("Cycle detected: Slice a -> "), cycle.getMessage());
        AssertionError up = assertThrows(AssertionError.class, () -> pointDown(root, layers).check(both));
        assertTrue(up.getMessage().contains(
                "dev.arena.layeringfixture.b.B -> dev.arena.layeringfixture.a.A (b must not depend on a"), up.getMessage());
        assertEquals(Set.of("b"), unlisted(both, root, List.of("a")));

        JavaClasses aOnly = new ClassFileImporter().importClasses(A.class); // a -> b alone is fine
        noCycles(root).check(aOnly);
        pointDown(root, layers).check(aOnly);
    }

    /** "(root)" for the root package, the rest of the name for a subpackage, "" for anything else. */
    static String slice(String root, String packageName) {
        if (packageName.equals(root)) return "(root)";
        return packageName.startsWith(root + ".") ? packageName.substring(root.length() + 1) : "";
    }

    static ArchRule noCycles(String root) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String slice = slice(root, javaClass.getPackageName());
                return slice.isEmpty() ? SliceIdentifier.ignore() : SliceIdentifier.of(slice);
            }
            @Override public String getDescription() { return "each package of " + root + ", the root too"; }
        }).should().beFreeOfCycles();
    }

    static Set<String> unlisted(JavaClasses classes, String root, List<String> layers) {
        Set<String> unlisted = new TreeSet<>();
        classes.forEach(c -> unlisted.add(slice(root, c.getPackageName())));
        unlisted.removeAll(layers);
        unlisted.remove("");
        return unlisted;
    }

    /** One line per pair of classes: "origin -> target (why) in (File.java:line)". Unlisted packages are left to everyPackageIsInTheList. */
    static ArchRule pointDown(String root, List<String> layers) {
        return classes().should(new ArchCondition<JavaClass>("depend only on packages below their own in " + layers) {
            @Override public void check(JavaClass origin, ConditionEvents events) {
                int from = layers.indexOf(slice(root, origin.getPackageName()));
                Set<String> seen = new LinkedHashSet<>();
                for (Dependency d : firstUseFirst(origin.getDirectDependenciesFromSelf())) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String to = slice(root, target.getPackageName());
                    int at = layers.indexOf(to);
                    if (from < 0 || at < 0 || at >= from || !seen.add(target.getName())) continue;
                    events.add(SimpleConditionEvent.violated(d, origin.getName() + " -> " + target.getName()
                            + " (" + layers.get(from) + " must not depend on " + to + ", which is above it) in "
                            + d.getSourceCodeLocation()));
                }
            }
        }).allowEmptyShould(true);
    }

    /** So the line a violation shows is the first real use (line 0 is a signature), and the same every run. */
    static List<Dependency> firstUseFirst(Set<Dependency> dependencies) {
        ToIntFunction<Dependency> line = d -> d.getSourceCodeLocation().getLineNumber() == 0
                ? Integer.MAX_VALUE : d.getSourceCodeLocation().getLineNumber();
        return dependencies.stream().sorted(Comparator.comparingInt(line).thenComparing(Comparator.naturalOrder())).toList();
    }

    static ArchRule onlyIn(String owner, String library) {
        return noClasses().that().resideOutsideOfPackage(owner)
                .should().dependOnClassesThat().resideInAPackage(library)
                .because("only " + owner + " may see " + library + " types");
    }
}
