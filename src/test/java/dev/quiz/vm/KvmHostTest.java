package dev.quiz.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvmHostTest {
    @Test
    void autoRefusesPvmEvenWhenDevKvmIsUsable() {
        KvmHost pvm = new KvmHost(true, true, false);
        KvmHost.AccelChoice choice = pvm.choose(AccelRequest.AUTO);
        assertEquals(Accel.TCG, choice.accel());
        assertTrue(choice.reason().contains("PVM"), choice.reason());
        assertThrows(IllegalArgumentException.class, () -> pvm.choose(AccelRequest.KVM));
    }

    @Test
    void autoUsesWorkingKvm() {
        KvmHost good = new KvmHost(true, false, true);
        assertEquals(Accel.KVM, good.choose(AccelRequest.AUTO).accel());
        assertEquals(Accel.KVM, good.choose(AccelRequest.KVM).accel());
        assertEquals(Accel.TCG, good.choose(AccelRequest.TCG).accel());
    }

    @Test
    void autoExplainsMissingAccess() {
        KvmHost noAccess = new KvmHost(false, false, true);
        KvmHost.AccelChoice choice = noAccess.choose(AccelRequest.AUTO);
        assertEquals(Accel.TCG, choice.accel());
        assertTrue(choice.reason().contains("/dev/kvm"), choice.reason());
        assertEquals(Accel.TCG, new KvmHost(true, false, false).choose(AccelRequest.AUTO).accel());
    }
}
