// A runnable example of the package (go test checks its output).

package tfdrift_test

import (
	"fmt"
	"log"
	"os"

	tfdrift "tfdrift/bindings/go"
)

func Example() {
	d, err := tfdrift.New(nil) // nil: the built-in drift rules
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()

	state, _ := os.ReadFile("../../tests/data/state/ecs.tfstate")
	if err := d.LoadState(state, "terraform.tfstate"); err != nil {
		log.Fatal(err) // a *tfdrift.Error: [tfdrift.state.parse] terraform.tfstate: ...
	}
	trail, _ := os.ReadFile("../../tests/data/cloudtrail/update_service_desired_count.json")
	alerts, err := d.ProcessNamed(trail, "trail.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range alerts {
		fmt.Printf("%s %s by %s (%s)\n", a.Severity, *a.Address, a.Actor.Name, a.Actor.IdentityType)
		for _, c := range a.Changes {
			fmt.Printf("  %s: %s -> %s\n", c.Path, c.Old, c.New)
		}
	}
	stats, _ := d.Stats()
	fmt.Println(stats.RecordsRead, "record,", stats.Outcomes.Alert, "alert")
	// Output:
	// high aws_ecs_service.main by ops-admin (IAMUser)
	//   desired_count: 3 -> 5
	// 1 record, 1 alert
}
