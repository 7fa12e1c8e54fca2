/* test_check.c - the ECS rules of check_task.c: for every code, a source
 * that raises it (at the expected place) and a near miss that does not. */
#include "testutil.h"

/* Every source starts with this 4-line app block, so tasks start on line 5. */

static void expect_diag(const char *src, const char *code, const char *linecol, const char *text)
{
    Compiler c;
    tu_compile(&c, src);
    CHECK_DIAG(&c, code, linecol, text);
    compiler_free(&c);
}

/* No diagnostic `code` (and, for errors, a successful check). */
static void expect_none(const char *src, const char *code)
{
    Compiler c;
    bool ok = tu_compile(&c, src);
    if (tu_count(&c, code) || (code[0] == 'E' && !ok)) {
        tu_dump(&c);
        fail_msg("unexpected diagnostics (looking for %s)", code);
    }
    compiler_free(&c);
}

static void test_e0301_fargate_network_bridge(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  network host\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0301", "9:11", "must use network awsvpc, not host");
}

static void test_e0301_fargate_network_awsvpc(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  network awsvpc\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0301");
}

static void test_e0302_fargate_memory_invalid(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 1 vcpu\n"
        "  memory 1 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302", "8:10", "task memory 1024 MiB is not a valid Fargate size with cpu 1024");
}

static void test_e0302_fargate_cpu_invalid(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 300\n"
        "  memory 1 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302", "7:7", "task cpu 300 is not a Fargate size");
}

static void test_e0302_fargate_windows_small_cpu(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  platform windows\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302", "8:7", "not a Fargate size for Windows tasks");
}

static void test_e0302_fargate_windows_large_cpu(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  platform windows\n"
        "  cpu 8 vcpu\n"
        "  memory 16 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302", "8:7", "task cpu 8192");
}

static void test_e0302_fargate_16vcpu_step(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 16 vcpu\n"
        "  memory 36 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302", "8:10", "36864 MiB");
}

static void test_e0302_fargate_sizes_valid(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task a {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 2 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n"
        "task b {\n"
        "  launch fargate\n"
        "  cpu 16 vcpu\n"
        "  memory 120 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n"
        "task c {\n"
        "  launch fargate\n"
        "  cpu 8 vcpu\n"
        "  memory 60 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n"
        "task d {\n"
        "  launch fargate\n"
        "  platform windows\n"
        "  cpu 4 vcpu\n"
        "  memory 30 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0302");
}

static void test_e0303_fargate_no_size(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0303", "5:6", "sets no task-level memory");
}

static void test_e0303_ec2_no_task_size(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  container app { image \"a\"; memory 128 MiB }\n"
        "}\n",
        "E0303");
}

static void test_e0304_windows_ec2_cpu(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  platform windows\n"
        "  cpu 1024\n"
        "  container app { image \"a\"; memory 1 GiB }\n"
        "}\n",
        "E0304", "8:7", "Windows task on EC2 cannot set task-level cpu");
}

static void test_e0304_windows_fargate_size(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  platform windows\n"
        "  cpu 1024\n"
        "  memory 2 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0304");
}

static void test_e0305_too_many_containers(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container c1 { image \"a\" }\n"
        "  container c2 { image \"a\" }\n"
        "  container c3 { image \"a\" }\n"
        "  container c4 { image \"a\" }\n"
        "  container c5 { image \"a\" }\n"
        "  container c6 { image \"a\" }\n"
        "  container c7 { image \"a\" }\n"
        "  container c8 { image \"a\" }\n"
        "  container c9 { image \"a\" }\n"
        "  container c10 { image \"a\" }\n"
        "  container c11 { image \"a\" }\n"
        "}\n",
        "E0305", "18:13", "has 11 containers");
}

static void test_e0305_ten_containers(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container c1 { image \"a\" }\n"
        "  container c2 { image \"a\" }\n"
        "  container c3 { image \"a\" }\n"
        "  container c4 { image \"a\" }\n"
        "  container c5 { image \"a\" }\n"
        "  container c6 { image \"a\" }\n"
        "  container c7 { image \"a\" }\n"
        "  container c8 { image \"a\" }\n"
        "  container c9 { image \"a\" }\n"
        "  container c10 { image \"a\" }\n"
        "}\n",
        "E0305");
}

static void test_e0306_no_container(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "}\n",
        "E0306", "5:6", "task 'web' has no container");
}

static void test_e0306_one_container(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container app { image \"a\" }\n"
        "}\n",
        "E0306");
}

static void test_e0307_no_essential(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container app { image \"a\"; essential false }\n"
        "}\n",
        "E0307", "5:6", "is essential");
}

static void test_e0307_one_essential(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container app { image \"a\"; essential false }\n"
        "  container main { image \"a\" }\n"
        "}\n",
        "E0307");
}

static void test_e0308_cpu_sum(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; cpu 128 }\n"
        "  container b { image \"a\"; cpu 256 }\n"
        "}\n",
        "E0308", "10:32", "reserve 384 cpu units");
}

static void test_e0308_cpu_sum_fits(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; cpu 128 }\n"
        "  container b { image \"a\"; cpu 128 }\n"
        "}\n",
        "E0308");
}

static void test_e0309_memory_single(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; memory 1 GiB }\n"
        "}\n",
        "E0309", "9:35", "container 'a' memory 1024 MiB exceeds");
}

static void test_e0309_memory_sum(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; memory_reservation 256 MiB }\n"
        "  container b { image \"a\"; memory 300 MiB }\n"
        "}\n",
        "E0309", "10:35", "reserve 556 MiB");
}

static void test_e0309_memory_fits(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; memory 512 MiB; memory_reservation 256 MiB }\n"
        "  container b { image \"a\"; memory_reservation 256 MiB }\n"
        "}\n",
        "E0309");
}

static void test_e0310_privileged_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; privileged }\n"
        "}\n",
        "E0310", "9:28", "privileged containers");
}

static void test_e0310_privileged_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; privileged }\n"
        "}\n",
        "E0310");
}

static void test_e0311_docker_volume_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  volume v docker\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0311", "9:12", "Docker volume 'v'");
}

static void test_e0311_docker_volume_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  volume v docker\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0311");
}

static void test_e0312_placement_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  placement \"attribute:x == y\"\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0312", "9:3", "placement constraints");
}

static void test_e0312_placement_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  placement \"attribute:x == y\"\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0312");
}

static void test_e0313_gpu_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; gpu 1 }\n"
        "}\n",
        "E0313", "9:32", "GPUs are not supported");
}

static void test_e0313_gpu_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; gpu 1 }\n"
        "}\n",
        "E0313");
}

static void test_e0314_storage_too_small(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  storage 20 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0314", "9:11", "20 GiB is outside");
}

static void test_e0314_storage_ec2(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  storage 30 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0314", "8:11", "only be set for Fargate");
}

static void test_e0314_storage_fargate(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  storage 200 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0314");
}

static void test_e0315_pid_host_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  pid host\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0315", "9:7", "pid mode host");
}

static void test_e0315_ipc_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  ipc none\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0315", "9:7", "ipc mode none");
}

static void test_e0315_pid_task_fargate(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  pid task\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0315");
}

static void test_e0316_windows_arm(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  platform windows arm64\n"
        "  cpu 1024\n"
        "  memory 2 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0316", "7:12", "arm64");
}

static void test_e0316_linux_arm(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  platform linux arm64\n"
        "  cpu 1024\n"
        "  memory 2 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0316");
}

static void test_e0401_no_memory_ec2(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  container a { image \"a\"; cpu 128 }\n"
        "}\n",
        "E0401", "7:13", "neither memory nor memory_reservation");
}

static void test_e0401_reservation_only_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  container a { image \"a\"; memory_reservation 128 MiB }\n"
        "}\n",
        "E0401");
}

static void test_e0402_reservation_above_memory(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; memory 128 MiB; memory_reservation 256 MiB }\n"
        "}\n",
        "E0402", "8:63", "memory_reservation 256 MiB is greater");
}

static void test_e0402_reservation_equal_memory(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; memory 256 MiB; memory_reservation 256 MiB }\n"
        "}\n",
        "E0402");
}

static void test_e0403_awsvpc_dynamic_port(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; port 80 -> dynamic }\n"
        "}\n",
        "E0403", "9:39", "dynamic host port needs network bridge");
}

static void test_e0403_host_mode_other_port(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network host\n"
        "  container a { image \"a\"; port 80 -> 8080 }\n"
        "}\n",
        "E0403", "9:39", "host port 8080 differs from container port 80");
}

static void test_e0403_awsvpc_same_port(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; port 80 -> 80 }\n"
        "}\n",
        "E0403");
}

static void test_e0404_port_twice_awsvpc(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; port 80 }\n"
        "  container b { image \"a\"; port 80 }\n"
        "}\n",
        "E0404", "10:33", "container port 80/tcp is mapped twice");
}

static void test_e0404_port_tcp_and_udp(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; port 53 }\n"
        "  container b { image \"a\"; port 53 udp }\n"
        "}\n",
        "E0404");
}

static void test_e0404_port_bridge_two_containers(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network bridge\n"
        "  container a { image \"a\"; port 80 -> dynamic }\n"
        "  container b { image \"a\"; port 80 -> dynamic }\n"
        "}\n",
        "E0404");
}

static void test_e0405_host_port_twice(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network bridge\n"
        "  container a { image \"a\"; port 80 -> 8080 }\n"
        "  container b { image \"a\"; port 81 -> 8080 }\n"
        "}\n",
        "E0405", "10:39", "host port 8080/tcp is taken twice");
}

static void test_e0405_host_port_distinct(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network bridge\n"
        "  container a { image \"a\"; port 80 -> 8080 }\n"
        "  container b { image \"a\"; port 80 -> 8081 }\n"
        "}\n",
        "E0405");
}

static void test_e0406_port_zero(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; port 0 }\n"
        "}\n",
        "E0406", "8:33", "container port 0 is outside 1 to 65535");
}

static void test_e0406_port_range_reversed(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; port 9000..8000 }\n"
        "}\n",
        "E0406", "8:33", "ends before it starts");
}

static void test_e0406_port_range_ok(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; port 8000..9000; port 65535 -> 1 }\n"
        "}\n",
        "E0406");
}

static void test_e0407_depends_self(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on a }\n"
        "}\n",
        "E0407", "8:39", "a -> a");
}

static void test_e0407_depends_cycle(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b }\n"
        "  container b { image \"a\"; depends_on a }\n"
        "}\n",
        "E0407", "9:39", "a -> b -> a");
}

static void test_e0407_depends_dag(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b; depends_on c }\n"
        "  container b { image \"a\"; depends_on c }\n"
        "  container c { image \"a\" }\n"
        "}\n",
        "E0407");
}

static void test_e0408_healthy_no_check(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b healthy }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "E0408", "8:41", "'b' has no health check");
}

static void test_e0408_healthy_check_none(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b healthy }\n"
        "  container b { image \"a\"; health none }\n"
        "}\n",
        "E0408", "8:41", "'b' has no health check");
}

static void test_e0408_healthy_with_check(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b healthy }\n"
        "  container b { image \"a\"; health cmd \"true\" }\n"
        "}\n",
        "E0408");
}

static void test_e0409_health_timeout(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; health cmd \"true\" timeout 1s }\n"
        "}\n",
        "E0409", "8:54", "timeout 1 s is outside 2 to 60 s");
}

static void test_e0409_health_start(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; health cmd \"true\" start 301s }\n"
        "}\n",
        "E0409", "8:52", "start period 301 s");
}

static void test_e0409_health_bounds(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; health cmd \"true\" every 300s timeout 60s retries 10 start 0s }\n"
        "}\n",
        "E0409");
}

static void test_e0410_links_awsvpc(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network awsvpc\n"
        "  container a { image \"a\"; links [\"b\"] }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "E0410", "9:28", "links need network bridge, not awsvpc");
}

static void test_e0410_links_bridge(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; links [\"b\"] }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "E0410");
}

static void test_e0411_hostname_awsvpc(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; hostname \"x\" }\n"
        "}\n",
        "E0411", "9:28", "hostname cannot be set");
}

static void test_e0411_hostname_bridge(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; hostname \"x\" }\n"
        "}\n",
        "E0411");
}

static void test_e0412_volumes_from_self(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; volumes_from a }\n"
        "}\n",
        "E0412", "8:41", "takes volumes from itself");
}

static void test_e0412_volumes_from_other(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; volumes_from b }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "E0412");
}

static void test_e0413_no_image(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { cpu 128 }\n"
        "}\n",
        "E0413", "8:13", "container 'a' has no image");
}

static void test_e0413_with_image(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0413");
}

static void test_e0414_firelens_no_router(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; logs firelens }\n"
        "}\n",
        "E0414", "8:28", "no container in task");
}

static void test_e0414_firelens_two_routers(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; firelens fluentbit }\n"
        "  container b { image \"a\"; firelens fluentd }\n"
        "}\n",
        "E0414", "9:28", "second FireLens log router");
}

static void test_e0414_firelens_router(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  logs firelens\n"
        "  container a { image \"a\" }\n"
        "  container r { image \"r\"; firelens fluentbit }\n"
        "}\n",
        "E0414");
}

static void test_e0415_stop_timeout_fargate(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 256\n"
        "  memory 512 MiB\n"
        "  container a { image \"a\"; stop_timeout 121s }\n"
        "}\n",
        "E0415", "9:13", "stop_timeout 121 s");
}

static void test_e0415_stop_timeout_ec2(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; stop_timeout 10m }\n"
        "}\n",
        "E0415");
}

static void test_e0417_ports_network_none(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network none\n"
        "  container a { image \"a\"; port 80 }\n"
        "}\n",
        "E0417", "9:28", "network none");
}

static void test_e0417_no_ports_network_none(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  network none\n"
        "  container a { image \"a\" }\n"
        "}\n",
        "E0417");
}

static void test_e0418_env_and_secret(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a {\n"
        "    image \"a\"\n"
        "    env { T = \"1\" }\n"
        "    secret T from ssm \"/t\"\n"
        "  }\n"
        "}\n",
        "E0418", "11:5", "'T' is set both in env and as a secret");
}

static void test_e0418_secret_twice(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a {\n"
        "    image \"a\"\n"
        "    secret T from ssm \"/t\"\n"
        "    secret T from ssm \"/u\"\n"
        "  }\n"
        "}\n",
        "E0418", "11:5", "secret 'T' is set twice");
}

static void test_e0418_secret_and_env_distinct(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a {\n"
        "    image \"a\"\n"
        "    env { U = \"1\" }\n"
        "    secret T from ssm \"/t\"\n"
        "  }\n"
        "  container b {\n"
        "    image \"a\"\n"
        "    secret T from ssm \"/t\"\n"
        "  }\n"
        "}\n",
        "E0418");
}

static void test_e0419_depends_complete_essential(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b complete }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "E0419", "8:41", "essential container 'b' to complete");
}

static void test_e0419_depends_complete_nonessential(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b success }\n"
        "  container b { image \"a\"; essential false }\n"
        "}\n",
        "E0419");
}

static void test_w0001_env_looks_secret(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; env { api_token = \"t0k\" } }\n"
        "}\n",
        "W0001", "8:34", "'api_token' looks like a secret");
}

static void test_w0001_env_plain_or_empty(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; env { LOG_LEVEL = \"info\", DB_PASSWORD = \"\" } }\n"
        "}\n",
        "W0001");
}

static void test_w0002_logs_none(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; logs none }\n"
        "}\n",
        "W0002", "8:28", "will not log");
}

static void test_w0002_task_logs_none(void **state)
{
    (void)state;
    expect_diag(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  logs none\n"
        "  container a { image \"a\" }\n"
        "  container b { image \"a\" }\n"
        "}\n",
        "W0002", "8:3", "containers of task 'web'");
}

static void test_w0002_logs_awslogs(void **state)
{
    (void)state;
    expect_none(
        "app x {\n"
        "  region \"eu-west-1\"\n"
        "  account \"123456789012\"\n"
        "}\n"
        "task web {\n"
        "  launch ec2\n"
        "  memory 1 GiB\n"
        "  container a { image \"a\"; logs awslogs }\n"
        "}\n",
        "W0002");
}

/* The example in the house style compiles clean: no rule fires on it. */
static void test_clean_app(void **state)
{
    (void)state;
    Compiler c;
    bool ok = tu_compile(&c,
        "app shop {\n  region \"eu-west-1\"\n  account \"123456789012\"\n}\n"
        "task web {\n  launch fargate\n  cpu 0.5 vcpu\n  memory 1 GiB\n"
        "  container proxy { image \"nginx:1.25\"; port 80; depends_on app healthy }\n"
        "  container app { image \"app:1\"; port 8080; health cmd \"true\" every 30s retries 3 }\n}\n");
    assert_true(ok);
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

/* Problems are all reported, not just the first. */
static void test_reports_all(void **state)
{
    (void)state;
    Compiler c;
    tu_compile(&c,
        "app x {\n  region \"eu-west-1\"\n  account \"123456789012\"\n}\n"
        "task web {\n  launch fargate\n  network bridge\n  cpu 300\n  memory 512 MiB\n"
        "  container a { image \"a\"; privileged; gpu 1 }\n  container b { cpu 1 }\n}\n");
    assert_int_equal(tu_count(&c, "E0301"), 1);
    assert_int_equal(tu_count(&c, "E0302"), 1);
    assert_int_equal(tu_count(&c, "E0310"), 1);
    assert_int_equal(tu_count(&c, "E0313"), 1);
    assert_int_equal(tu_count(&c, "E0413"), 1);
    compiler_free(&c);
}

/* One report per cycle, with a note on each other edge. */
static void test_e0407_one_report_per_cycle(void **state)
{
    (void)state;
    Compiler c;
    tu_compile(&c,
        "app x {\n  region \"eu-west-1\"\n  account \"123456789012\"\n}\n"
        "task web {\n  launch ec2\n  memory 1 GiB\n"
        "  container a { image \"a\"; depends_on b }\n"
        "  container b { image \"a\"; depends_on c }\n"
        "  container c { image \"a\"; depends_on a }\n}\n");
    assert_int_equal(tu_count(&c, "E0407"), 1);
    const Diagnostic *d = tu_find(&c, "E0407");
    assert_non_null(strstr(d->msg, "a -> b -> c -> a"));
    assert_int_equal(d->notes.len, 3);  /* two edges and the fix */
    compiler_free(&c);
}

/* A task-level `logs none` warns once, not once per container. */
static void test_w0002_task_level_once(void **state)
{
    (void)state;
    Compiler c;
    tu_compile(&c,
        "app x {\n  region \"eu-west-1\"\n  account \"123456789012\"\n}\n"
        "task web {\n  launch ec2\n  memory 1 GiB\n  logs none\n"
        "  container a { image \"a\" }\n  container b { image \"a\" }\n}\n");
    assert_int_equal(tu_count(&c, "W0002"), 1);
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e0301_fargate_network_bridge),
        cmocka_unit_test(test_e0301_fargate_network_awsvpc),
        cmocka_unit_test(test_e0302_fargate_memory_invalid),
        cmocka_unit_test(test_e0302_fargate_cpu_invalid),
        cmocka_unit_test(test_e0302_fargate_windows_small_cpu),
        cmocka_unit_test(test_e0302_fargate_windows_large_cpu),
        cmocka_unit_test(test_e0302_fargate_16vcpu_step),
        cmocka_unit_test(test_e0302_fargate_sizes_valid),
        cmocka_unit_test(test_e0303_fargate_no_size),
        cmocka_unit_test(test_e0303_ec2_no_task_size),
        cmocka_unit_test(test_e0304_windows_ec2_cpu),
        cmocka_unit_test(test_e0304_windows_fargate_size),
        cmocka_unit_test(test_e0305_too_many_containers),
        cmocka_unit_test(test_e0305_ten_containers),
        cmocka_unit_test(test_e0306_no_container),
        cmocka_unit_test(test_e0306_one_container),
        cmocka_unit_test(test_e0307_no_essential),
        cmocka_unit_test(test_e0307_one_essential),
        cmocka_unit_test(test_e0308_cpu_sum),
        cmocka_unit_test(test_e0308_cpu_sum_fits),
        cmocka_unit_test(test_e0309_memory_single),
        cmocka_unit_test(test_e0309_memory_sum),
        cmocka_unit_test(test_e0309_memory_fits),
        cmocka_unit_test(test_e0310_privileged_fargate),
        cmocka_unit_test(test_e0310_privileged_ec2),
        cmocka_unit_test(test_e0311_docker_volume_fargate),
        cmocka_unit_test(test_e0311_docker_volume_ec2),
        cmocka_unit_test(test_e0312_placement_fargate),
        cmocka_unit_test(test_e0312_placement_ec2),
        cmocka_unit_test(test_e0313_gpu_fargate),
        cmocka_unit_test(test_e0313_gpu_ec2),
        cmocka_unit_test(test_e0314_storage_too_small),
        cmocka_unit_test(test_e0314_storage_ec2),
        cmocka_unit_test(test_e0314_storage_fargate),
        cmocka_unit_test(test_e0315_pid_host_fargate),
        cmocka_unit_test(test_e0315_ipc_fargate),
        cmocka_unit_test(test_e0315_pid_task_fargate),
        cmocka_unit_test(test_e0316_windows_arm),
        cmocka_unit_test(test_e0316_linux_arm),
        cmocka_unit_test(test_e0401_no_memory_ec2),
        cmocka_unit_test(test_e0401_reservation_only_ec2),
        cmocka_unit_test(test_e0402_reservation_above_memory),
        cmocka_unit_test(test_e0402_reservation_equal_memory),
        cmocka_unit_test(test_e0403_awsvpc_dynamic_port),
        cmocka_unit_test(test_e0403_host_mode_other_port),
        cmocka_unit_test(test_e0403_awsvpc_same_port),
        cmocka_unit_test(test_e0404_port_twice_awsvpc),
        cmocka_unit_test(test_e0404_port_tcp_and_udp),
        cmocka_unit_test(test_e0404_port_bridge_two_containers),
        cmocka_unit_test(test_e0405_host_port_twice),
        cmocka_unit_test(test_e0405_host_port_distinct),
        cmocka_unit_test(test_e0406_port_zero),
        cmocka_unit_test(test_e0406_port_range_reversed),
        cmocka_unit_test(test_e0406_port_range_ok),
        cmocka_unit_test(test_e0407_depends_self),
        cmocka_unit_test(test_e0407_depends_cycle),
        cmocka_unit_test(test_e0407_depends_dag),
        cmocka_unit_test(test_e0408_healthy_no_check),
        cmocka_unit_test(test_e0408_healthy_check_none),
        cmocka_unit_test(test_e0408_healthy_with_check),
        cmocka_unit_test(test_e0409_health_timeout),
        cmocka_unit_test(test_e0409_health_start),
        cmocka_unit_test(test_e0409_health_bounds),
        cmocka_unit_test(test_e0410_links_awsvpc),
        cmocka_unit_test(test_e0410_links_bridge),
        cmocka_unit_test(test_e0411_hostname_awsvpc),
        cmocka_unit_test(test_e0411_hostname_bridge),
        cmocka_unit_test(test_e0412_volumes_from_self),
        cmocka_unit_test(test_e0412_volumes_from_other),
        cmocka_unit_test(test_e0413_no_image),
        cmocka_unit_test(test_e0413_with_image),
        cmocka_unit_test(test_e0414_firelens_no_router),
        cmocka_unit_test(test_e0414_firelens_two_routers),
        cmocka_unit_test(test_e0414_firelens_router),
        cmocka_unit_test(test_e0415_stop_timeout_fargate),
        cmocka_unit_test(test_e0415_stop_timeout_ec2),
        cmocka_unit_test(test_e0417_ports_network_none),
        cmocka_unit_test(test_e0417_no_ports_network_none),
        cmocka_unit_test(test_e0418_env_and_secret),
        cmocka_unit_test(test_e0418_secret_twice),
        cmocka_unit_test(test_e0418_secret_and_env_distinct),
        cmocka_unit_test(test_e0419_depends_complete_essential),
        cmocka_unit_test(test_e0419_depends_complete_nonessential),
        cmocka_unit_test(test_w0001_env_looks_secret),
        cmocka_unit_test(test_w0001_env_plain_or_empty),
        cmocka_unit_test(test_w0002_logs_none),
        cmocka_unit_test(test_w0002_task_logs_none),
        cmocka_unit_test(test_w0002_logs_awslogs),
        cmocka_unit_test(test_clean_app),
        cmocka_unit_test(test_reports_all),
        cmocka_unit_test(test_e0407_one_report_per_cycle),
        cmocka_unit_test(test_w0002_task_level_once),
    };
    return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
