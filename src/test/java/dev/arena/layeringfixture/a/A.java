package dev.arena.layeringfixture.a;

import dev.arena.layeringfixture.b.B;

/** LayeringTest's fixture: with b, a deliberate cycle (a above b, so only b -> a is against the direction). */
public class A {
    public B b() {
        return new B();
    }
}
