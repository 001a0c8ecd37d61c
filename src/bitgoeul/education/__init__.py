"""Education: courses and AI Academy cohorts by provider, learning suggestions tied to local jobs, course
alerts and the city's skills-gap view. Other capabilities read it through `education.public` only."""
