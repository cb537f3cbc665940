"""The report browser test lives apart from ``reporting/tests``: those tests share data built once inside a
package-wide transaction, and a live server needs committed data, so this test must not run inside it."""
