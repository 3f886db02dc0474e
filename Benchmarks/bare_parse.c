/* Baseline for the benchmarks: one bare libyaml event pass over each file, in one process.
 *
 *   cc -O2 -o bare_parse bare_parse.c $(pkg-config --cflags --libs yaml-0.1)
 *   ./bare_parse FILE...     prints the number of events in all; exit 1 on a parse error
 */
#include <stdio.h>
#include <yaml.h>

static int parse_file(const char *path, unsigned long *events) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return 1;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "cannot initialize libyaml\n");
        fclose(file);
        return 1;
    }
    yaml_parser_set_input_file(&parser, file);

    int status = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%lu:%lu: %s\n", path,
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            status = 1;
            break;
        }
        (*events)++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    fclose(file);
    return status;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 64;
    }
    unsigned long events = 0;
    for (int i = 1; i < argc; i++) {
        if (parse_file(argv[i], &events) != 0) return 1;
    }
    printf("%lu\n", events);
    return 0;
}
