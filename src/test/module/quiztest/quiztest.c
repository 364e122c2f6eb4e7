// SPDX-License-Identifier: GPL-2.0
/*
 * quiztest: misbehaves on command, so quiz's verdicts can be tested against a real kernel.
 *
 *   echo ACTION > /proc/quiztest    or    modprobe quiztest action=ACTION
 *
 * ACTION is one of: ok, warn, oops, bug, panic, softlockup, hung, verify.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static char *action = "";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "what to do when loaded: ok, warn, oops, bug, panic, softlockup, hung, verify");

struct quiztest_victim {
	long pad;
	long value;
};

static DECLARE_COMPLETION(quiztest_never);

/* What SPL's spl_panic() prints for a failed VERIFY3, and how it parks the thread. */
static noinline void quiztest_verify_failed(const char *file, int line, const char *func)
{
	pr_emerg("VERIFY3(quiztest_value == 42) failed (41 == 42)\n");
	pr_emerg("PANIC at %s:%d:%s()\n", kbasename(file), line, func);
	pr_emerg("Showing stack for process %d\n", current->pid);
	dump_stack();
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
}

static noinline long quiztest_oops(struct quiztest_victim *victim)
{
	return victim->value;
}

static noinline void quiztest_softlockup(void)
{
	unsigned long end = jiffies + 60 * HZ;

	preempt_disable();
	while (time_before(jiffies, end))
		cpu_relax();
	preempt_enable();
}

static int quiztest_do(const char *what)
{
	if (!strcmp(what, "ok")) {
		pr_info("quiztest: ok\n");
	} else if (!strcmp(what, "warn")) {
		WARN(1, "quiztest: warning on request\n");
	} else if (!strcmp(what, "oops")) {
		pr_info("quiztest: %ld\n", quiztest_oops(NULL));
	} else if (!strcmp(what, "bug")) {
		BUG();
	} else if (!strcmp(what, "panic")) {
		panic("quiztest: panic on request");
	} else if (!strcmp(what, "softlockup")) {
		quiztest_softlockup();
	} else if (!strcmp(what, "hung")) {
		wait_for_completion(&quiztest_never);
	} else if (!strcmp(what, "verify")) {
		quiztest_verify_failed(__FILE__, __LINE__, __func__);
	} else {
		pr_err("quiztest: unknown action '%s'\n", what);
		return -EINVAL;
	}
	return 0;
}

static ssize_t quiztest_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	char what[32];
	size_t n = min(len, sizeof(what) - 1);
	int err;

	if (copy_from_user(what, buf, n))
		return -EFAULT;
	what[n] = '\0';
	strim(what);
	err = quiztest_do(what);
	return err ? err : len;
}

static const struct proc_ops quiztest_ops = {
	.proc_write = quiztest_write,
};

static int __init quiztest_init(void)
{
	if (!proc_create("quiztest", 0200, NULL, &quiztest_ops))
		return -ENOMEM;
	pr_info("quiztest: loaded\n");
	return action[0] ? quiztest_do(action) : 0;
}

static void __exit quiztest_exit(void)
{
	remove_proc_entry("quiztest", NULL);
}

module_init(quiztest_init);
module_exit(quiztest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Misbehaves on command, for testing quiz");
