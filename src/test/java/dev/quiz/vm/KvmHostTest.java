package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiz.arch.Arch;
import org.junit.jupiter.api.Test;

class KvmHostTest {
    private static final Arch HOST = Arch.byDefault();
    @Test
    void autoRefusesPvmEvenWhenDevKvmIsUsable() {
        KvmHost pvm = new KvmHost(true, true, false);
        KvmHost.AccelChoice choice = pvm.choose(AccelRequest.AUTO, HOST);
        assertEquals(Accel.TCG, choice.accel());
        assertTrue(choice.reason().contains("PVM"), choice.reason());
        assertThrows(IllegalArgumentException.class, () -> pvm.choose(AccelRequest.KVM, HOST));
    }

    @Test
    void autoUsesWorkingKvm() {
        KvmHost good = new KvmHost(true, false, true);
        assertEquals(Accel.KVM, good.choose(AccelRequest.AUTO, HOST).accel());
        assertEquals(Accel.KVM, good.choose(AccelRequest.KVM, HOST).accel());
        assertEquals(Accel.TCG, good.choose(AccelRequest.TCG, HOST).accel());
    }

    @Test
    void autoExplainsMissingAccess() {
        KvmHost noAccess = new KvmHost(false, false, true);
        KvmHost.AccelChoice choice = noAccess.choose(AccelRequest.AUTO, HOST);
        assertEquals(Accel.TCG, choice.accel());
        assertTrue(choice.reason().contains("/dev/kvm"), choice.reason());
        assertEquals(Accel.TCG, new KvmHost(true, false, false).choose(AccelRequest.AUTO, HOST).accel());
    }

    @Test
    void aForeignArchitectureNeverGetsKvm() {
        Arch foreign = java.util.Arrays.stream(Arch.values()).filter(Arch::foreign).findFirst().orElseThrow();
        KvmHost good = new KvmHost(true, false, true);
        KvmHost.AccelChoice choice = good.choose(AccelRequest.AUTO, foreign);
        assertEquals(Accel.TCG, choice.accel());
        assertTrue(choice.reason().contains(foreign + " guest cannot run on this host's KVM"), choice.reason());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> good.choose(AccelRequest.KVM, foreign)).getMessage()
                .startsWith("--accel kvm: an " + foreign + " guest"));
    }
}
