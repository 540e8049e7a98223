"""The year planner: propose the activities an institution's rules require, on working days."""
