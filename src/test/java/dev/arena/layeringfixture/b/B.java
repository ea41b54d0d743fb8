package dev.arena.layeringfixture.b;

/** LayeringTest's fixture: refers back to a by a fully qualified name, no import. */
public class B {
    public Object back() {
        return new dev.arena.layeringfixture.a.A();
    }
}
