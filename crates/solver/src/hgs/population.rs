//! Population with feasible and infeasible sub-populations, biased fitness
//! (cost rank plus diversity rank, diversity by broken-pairs distance) and
//! survivor selection (Vidal et al. 2012; PyVRP's `Population`).

use super::individual::Individual;
use crate::eval::CostEvaluator;
use crate::options::HgsParams;
use crate::rng::Rng;

/// One sub-population with its pairwise distances.
#[derive(Debug, Default)]
struct SubPopulation {
    items: Vec<Individual>,
    /// `dist[a][b]`: broken-pairs distance between items `a` and `b`.
    dist: Vec<Vec<f64>>,
    fitness: Vec<f64>,
}

impl SubPopulation {
    fn add(&mut self, ind: Individual, active: &[usize]) {
        let row: Vec<f64> = self.items.iter().map(|o| ind.distance(o, active)).collect();
        for (d, r) in self.dist.iter_mut().zip(&row) {
            d.push(*r);
        }
        let mut row = row;
        row.push(0.0);
        self.dist.push(row);
        self.items.push(ind);
    }

    fn remove(&mut self, i: usize) {
        self.items.swap_remove(i);
        self.dist.swap_remove(i);
        for d in &mut self.dist {
            d.swap_remove(i);
        }
    }

    /// Mean distance to the `k` closest others.
    fn diversity(&self, i: usize, k: usize) -> f64 {
        let mut d: Vec<f64> = (0..self.items.len())
            .filter(|&j| j != i)
            .map(|j| self.dist[i][j])
            .collect();
        if d.is_empty() {
            return 0.0;
        }
        d.sort_by(f64::total_cmp);
        let k = k.min(d.len()).max(1);
        d[..k].iter().sum::<f64>() / k as f64
    }

    fn update_fitness(&mut self, ce: &CostEvaluator, p: &HgsParams) {
        let n = self.items.len();
        self.fitness = vec![0.0; n];
        if n == 0 {
            return;
        }
        let mut by_cost: Vec<usize> = (0..n).collect();
        by_cost.sort_by_key(|&i| (self.items[i].penalised(ce), i));
        let div: Vec<f64> = (0..n).map(|i| self.diversity(i, p.num_close)).collect();
        let mut by_div: Vec<usize> = (0..n).collect();
        by_div.sort_by(|&a, &b| div[b].total_cmp(&div[a]).then(a.cmp(&b)));
        let mut div_rank = vec![0usize; n];
        for (r, &i) in by_div.iter().enumerate() {
            div_rank[i] = r;
        }
        let weight = 1.0 - (p.num_elite as f64 / n as f64).min(1.0);
        let denom = n.max(2) as f64 - 1.0;
        for (r, &i) in by_cost.iter().enumerate() {
            self.fitness[i] = (r as f64 + weight * div_rank[i] as f64) / denom;
        }
    }

    /// Removes duplicates, then the worst fitness, until `target` remain.
    fn purge(&mut self, target: usize, ce: &CostEvaluator, p: &HgsParams) {
        while self.items.len() > target {
            let dup = (0..self.items.len()).find(|&i| {
                (0..i)
                    .any(|j| self.dist[i][j] == 0.0 && self.items[i].routes == self.items[j].routes)
            });
            if let Some(i) = dup {
                self.remove(i);
                continue;
            }
            self.update_fitness(ce, p);
            let worst = (0..self.items.len())
                .max_by(|&a, &b| self.fitness[a].total_cmp(&self.fitness[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            self.remove(worst);
        }
    }
}

/// The population of one search.
#[derive(Debug, Default)]
pub(crate) struct Population {
    feasible: SubPopulation,
    infeasible: SubPopulation,
}

impl Population {
    pub fn len(&self) -> usize {
        self.feasible.items.len() + self.infeasible.items.len()
    }

    pub fn clear(&mut self) {
        *self = Population::default();
    }

    /// Adds an individual, running survivor selection when its sub-population is full.
    pub fn add(&mut self, ind: Individual, active: &[usize], ce: &CostEvaluator, p: &HgsParams) {
        let sub = if ind.is_feasible() {
            &mut self.feasible
        } else {
            &mut self.infeasible
        };
        sub.add(ind, active);
        if sub.items.len() > p.min_pop_size + p.generation_size {
            sub.purge(p.min_pop_size, ce, p);
        }
    }

    /// Binary tournament on biased fitness over both sub-populations.
    fn tournament(&self, rng: &mut Rng) -> &Individual {
        let n = self.len();
        let pick = |i: usize| -> (&Individual, f64) {
            if i < self.feasible.items.len() {
                (&self.feasible.items[i], self.feasible.fitness[i])
            } else {
                let k = i - self.feasible.items.len();
                (&self.infeasible.items[k], self.infeasible.fitness[k])
            }
        };
        let a = pick(rng.below(n));
        let b = pick(rng.below(n));
        if b.1 < a.1 {
            b.0
        } else {
            a.0
        }
    }

    /// Two parents by binary tournaments, trying to make them different.
    pub fn select(
        &mut self,
        rng: &mut Rng,
        ce: &CostEvaluator,
        p: &HgsParams,
        active: &[usize],
    ) -> (Individual, Individual) {
        self.feasible.update_fitness(ce, p);
        self.infeasible.update_fitness(ce, p);
        let first = self.tournament(rng).clone();
        let mut second = self.tournament(rng).clone();
        for _ in 0..10 {
            if first.distance(&second, active) > 0.0 {
                break;
            }
            second = self.tournament(rng).clone();
        }
        (first, second)
    }
}
